from flowdsl import Fail, Function, Queue, context, wait, workflow

notify = Function("notify")
jobs = Queue("jobs")


@workflow(query_language="JSONPath")
def fields(order: dict):
    notify({"order": order, "execution": context.execution_id}, timeout_seconds=30)
    answer = jobs.send_message(
        MessageBody={"Order": order, "Token": context.task_token},
        callback=True,
        timeout_seconds=order["deadline"],
        heartbeat_seconds=60,
    )
    wait(seconds=order["delay"])
    wait(until=order["when"])
    if order["give_up"] == True:  # noqa: E712
        raise Fail(order["error"], f"gave up on {order['id']}")
    return answer["Result"]
