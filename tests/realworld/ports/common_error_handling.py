"""Port of aws-samples' common-error-handling, option 1 (see originals/PROVENANCE.json).

Each step keeps its input and adds the whole `lambda:invoke` response (`ResultPath`), and a
failure adds the error: that needs `fn.invoke(...)` and merges into the event (issue 13
part A), written here as a user would once they exist.
"""

from flowdsl import Function, States, workflow

number = Function("Number")
odd = Function("Odd")
even = Function("Even")
common_error = Function("CommonErrorOption1")


@workflow(name="CommonErrorHandling", query_language="JSONPath")
def common_error_handling(event):
    try:
        event["numberLambda"] = number.invoke(event)  # state: Number Lambda
    except States.ALL as failure:
        event["numberLambdaFailure"] = failure
        event["commonErrorLambda"] = common_error.invoke(event)  # state: Common Error Handler
        return event
    event["oddLambda"] = odd.invoke(event)  # state: Odd Lambda
    event["evenLambda"] = even.invoke(event)  # state: Even Lambda
    return event
