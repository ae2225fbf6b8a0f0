"""Messaging workflow (seed 004): publish messages to SNS, then process each queue at once.

`PublishMessagesFunction` publishes to the `Messages` topic, which fans out to one SQS queue per
message type by subscription filter policy; `ProcessMessagesFunction` drains one queue into
PostgreSQL. The queue each branch drains is passed to the function by URL.
"""

from flowdsl import Function, Lambda, Queue, Retry, Topic, parallel, workflow

messages_topic = Topic("Messages")
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
    published = publish_messages(  # state: PublishMessages
        {"TopicArn": messages_topic, "Messages": request["messages"]},
        retry=TRANSIENT,
    )

    def notifications():
        return process_messages(  # state: ProcessNotifications
            {"MessageType": "notification", "QueueUrl": notifications_queue},
            retry=TRANSIENT,
        )

    def alerts():
        return process_messages(  # state: ProcessAlerts
            {"MessageType": "alert", "QueueUrl": alerts_queue},
            retry=TRANSIENT,
        )

    processed = parallel(notifications, alerts)  # state: ProcessMessages
    return {"published": published, "processed": processed}
