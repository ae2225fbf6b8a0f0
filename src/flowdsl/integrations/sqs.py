"""Amazon SQS: `sqs:sendMessage`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html
(request-response and .waitForTaskToken; no .sync).
"""

from flowdsl.iam.facts import From, Grant, IamFacts
from flowdsl.integrations.model import Integration

_QUEUE = From("QueueUrl", "sqs-queue")

SEND_MESSAGE = Integration(
    resource="sqs:sendMessage",
    service="sqs",
    operation="SendMessage",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html",
    target_parameter="QueueUrl",
    # IAM: sqs:SendMessage on the queue, `*` when the queue is dynamic (connect-sqs.html). The
    # worker that answers a callback polls the queue: receive, delete, change visibility, get
    # attributes (the actions of SAM's SQSPollerPolicy template; the batch forms of delete and
    # change visibility are authorized by the same actions:
    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html).
    iam=IamFacts(
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html",
        grants=(Grant(("sqs:SendMessage",), (_QUEUE,)),),
        worker=(
            Grant(
                (
                    "sqs:ChangeMessageVisibility",
                    "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes",
                    "sqs:ReceiveMessage",
                ),
                (_QUEUE,),
            ),
        ),
    ),
)

RECORDS = (SEND_MESSAGE,)
