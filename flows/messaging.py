"""Messaging workflow (seed 004): publish messages to SNS, then process each queue at once.

`PublishMessagesFunction` publishes to its SNS topic, which fans out to one SQS queue per
message type by subscription filter policy; `ProcessMessagesFunction` drains one queue into
PostgreSQL. The queue each branch drains is passed to the function by URL, with the publishing
function's answer as the message body, and the workflow's output is the two branches' results.
"""

from flowdsl import Function, Lambda, Queue, Retry, parallel, workflow

notifications_queue = Queue("NotificationsQueue")
alerts_queue = Queue("AlertsQueue")
publish_messages = Function("PublishMessagesFunction")
process_messages = Function("ProcessMessagesFunction")

TRANSIENT = Retry(
    Lambda.ServiceException,
    Lambda.TooManyRequestsException,
    interval_seconds=2,
    max_attempts=3,
    backoff_rate=2,
    jitter_strategy="FULL",
)


@workflow(name="MessagingStateMachine")
def messaging(request):
    """Publish messages to SNS, then process the notification and alert queues in parallel."""
    # As in the seed, the publishing function gets the execution input as it is (the console's
    # default input included) and knows its topic; its answer goes to both branches.
    published = publish_messages(request, retry=TRANSIENT)  # state: PublishMessages

    def notifications():
        return process_messages(  # state: ProcessNotifications
            {
                "MessageType": "notification",
                "QueueUrl": notifications_queue,
                "MessageBody": published,
            },
            retry=TRANSIENT,
        )

    def alerts():
        return process_messages(  # state: ProcessAlerts
            {"MessageType": "alert", "QueueUrl": alerts_queue, "MessageBody": published},
            retry=TRANSIENT,
        )

    return parallel(notifications, alerts)  # state: ProcessMessages
