"""Inventory check with a callback (seeds 000 and 001).

The order waits in the `Orders` queue until the inventory service answers with the task token.
"""

from flowdsl import Queue, States, context, workflow

orders = Queue("Orders")


@workflow(name="InventoryStateMachine")
def inventory_callback():
    """An example of the Amazon States Language for starting a callback task."""
    try:
        orders.send_message(  # state: Check Inventory
            MessageBody={
                "MessageTitle": "Callback Task started by Step Functions",
                "TaskToken": context.task_token,
            },
            callback=True,
        )
    except States.ALL:
        return "Callback Task started by Step Functions failed"  # state: Notify Failure
    return "Callback Task started by Step Functions succeeded"  # state: Notify Success
