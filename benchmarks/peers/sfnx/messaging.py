"""Messaging workflow (seed 004), for sfnx."""

from sfnx import aws, parallel, state_machine

TRANSIENT = [
    {
        "ErrorEquals": [
            aws.optimized.lambda_.errors.ServiceException,
            aws.optimized.lambda_.errors.TooManyRequestsException,
        ],
        "IntervalSeconds": 2,
        "MaxAttempts": 3,
        "BackoffRate": 2,
        "JitterStrategy": "FULL",
    }
]


@state_machine
def messaging(input):
    """Publish messages to SNS, then process the notification and alert queues in parallel."""
    published = aws.optimized.lambda_.invoke(
        FunctionName="${PublishMessagesFunctionFunctionArn}",
        Payload={"TopicArn": "${MessagesTopicArn}", "Messages": input["messages"]},
        retry=TRANSIENT,
    )

    def notifications():
        processed = aws.optimized.lambda_.invoke(
            FunctionName="${ProcessMessagesFunctionFunctionArn}",
            Payload={"MessageType": "notification", "QueueUrl": "${NotificationsQueueQueueUrl}"},
            retry=TRANSIENT,
        )
        return processed["Payload"]

    def alerts():
        processed = aws.optimized.lambda_.invoke(
            FunctionName="${ProcessMessagesFunctionFunctionArn}",
            Payload={"MessageType": "alert", "QueueUrl": "${AlertsQueueQueueUrl}"},
            retry=TRANSIENT,
        )
        return processed["Payload"]

    processed = parallel(notifications, alerts)
    return {"published": published["Payload"], "processed": processed}
