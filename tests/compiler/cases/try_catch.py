from flowdsl import Function, Lambda, Queue, States, error, workflow

charge = Function("charge")
refund = Function("refund")
alerts = Queue("alerts")
CardDeclined = error("CardDeclined")


@workflow
def try_catch(order):
    try:
        receipt = charge(order)
    except CardDeclined as declined:
        return {"status": "declined", "cause": declined["Cause"]}
    except (Lambda.ServiceException, States.Timeout):
        receipt = None
    try:
        total = receipt["amount"] + 1
        refund(receipt)  # state: Settle
        settled = True
    except Exception as problem:
        alerts.send_message(MessageBody=problem)
        settled = False
    return {"receipt": receipt, "settled": settled}
