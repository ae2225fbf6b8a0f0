"""Amazon SQS: `sqs:sendMessage`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html
(request-response and .waitForTaskToken; no .sync).
"""

from flowdsl.integrations.model import Integration

SEND_MESSAGE = Integration(
    resource="sqs:sendMessage",
    service="sqs",
    operation="SendMessage",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html",
    target_parameter="QueueUrl",
)

RECORDS = (SEND_MESSAGE,)
