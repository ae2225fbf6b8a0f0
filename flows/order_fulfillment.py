"""Order fulfillment (seed 002): save the order, verify it, then fulfil or escalate it.

`VerifyCCAndPrice` answers `{"StatusCode": 200, ...}` for a proper order and
`{"StatusCode": 400, "Message": ...}` otherwise. A failing Lambda must not lose the order, so
the order goes to the escalation queue then too, with the error's cause as the reason.
"""

from flowdsl import Function, Queue, States, Table, workflow

orders_table = Table("OrderTable")
verify_cc_and_price = Function("VerifyCCAndPrice")
fulfillment_queue = Queue("OrderFulfillmentQueue")
escalation_queue = Queue("EscalationQueue")


@workflow(name="OrderFulfillmentStateMachine")
def order_fulfillment(order):
    """Save an order, verify its card and price, and queue it for fulfillment or escalation."""
    orders_table.put_item(  # state: Save Order
        Item={
            "OrderId": {"S": order["OrderId"]},
            "CustomerName": {"S": order["CustomerName"]},
            "Price": {"N": str(order["Price"])},
        },
    )
    try:
        verdict = verify_cc_and_price(order)  # state: Verify CC and Price
    except States.ALL as failure:
        # The order is escalated at once, as a hand-written Catch would send it.
        return escalation_queue.send_message(  # state: Escalate Unverified Order
            MessageBody={"Order": order, "Reason": failure["Cause"]},
        )

    if verdict["StatusCode"] == 200:  # state: Is Order Proper
        fulfillment_queue.send_message(MessageBody=order)  # state: Send to Fulfillment
    else:
        escalation_queue.send_message(  # state: Escalate Order
            MessageBody={"Order": order, "Reason": verdict["Message"]},
        )
