from flowdsl import Fail, Function, States, workflow

fn = Function("fn")


@workflow
def reraise(order: dict):
    try:
        fn(order)  # state: Call
    except States.TaskFailed:
        if order["retry"]:
            return "retry"
        raise
    if order["stop"]:
        raise Fail()
    if order["why"]:
        raise Fail(cause="because")
    return "ok"
