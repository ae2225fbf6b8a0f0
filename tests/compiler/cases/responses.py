from flowdsl import Function, workflow

fn = Function("fn")


@workflow
def responses(order: dict):
    response = fn.invoke(order)  # state: Invoke
    if response["StatusCode"] == 200 and "FunctionError" not in response:
        return {"ok": response["Payload"], "version": response["ExecutedVersion"]}
    return {"failed": response["FunctionError"]}
