from flowdsl import Function, workflow

poll = Function("poll")


@workflow(query_language="JSONPath")
def computed_conditions(order: dict):
    items = order["items"]
    kinds: list = order["kinds"]
    label = "none"
    if len(items) > 0 and order["kind"] in kinds:
        label = "some"
    elif order["kind"] not in kinds:
        label = "other"
    status = poll(order)  # state: Poll
    while len(status["pending"]) > 1:
        status = poll(order)  # state: Poll Again
    return {"label": label, "status": status}
