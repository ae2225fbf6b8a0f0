"""Inventory check with a callback (seeds 000 and 001), for sfnx."""

from sfnx import aws, context, state_machine


@state_machine
def inventory_callback(input):
    """An example of the Amazon States Language for starting a callback task."""
    try:
        aws.optimized.sqs.send_message(  # state: Check Inventory
            QueueUrl="${OrdersQueueUrl}",
            MessageBody={
                "MessageTitle": "Callback Task started by Step Functions",
                "TaskToken": context["Task"]["Token"],
            },
            pattern=".waitForTaskToken",
        )
    except Exception:
        return "Callback Task started by Step Functions failed"
    return "Callback Task started by Step Functions succeeded"
