from flowdsl import Function, Queue, Retry, States, context, workflow

slow = Function("slow")
jobs = Queue("jobs")

POLICY = [
    Retry(
        States.Timeout,
        interval_seconds=3,
        max_attempts=5,
        backoff_rate=1.5,
        max_delay_seconds=30,
        jitter_strategy="FULL",
    ),
    Retry(),
]


@workflow
def retry_timeouts(job):
    first = slow(job, retry=POLICY, timeout_seconds=300, heartbeat_seconds=60)
    answer = jobs.send_message(
        MessageBody={"job": first, "token": context.task_token},
        callback=True,
        timeout_seconds=job["deadline"],
        retry=Retry(States.HeartbeatTimeout, max_attempts=0),
    )
    return answer
