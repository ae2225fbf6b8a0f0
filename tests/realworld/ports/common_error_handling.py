"""Port of aws-samples' common-error-handling, option 1 (see originals/PROVENANCE.json).

Each step keeps its input and adds the whole `lambda:invoke` response (`fn.invoke`, merged
into the event); a failure adds the error under the step's own key and goes on to the one
common handler, which adds its response.
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
    else:
        try:
            event["oddLambda"] = odd.invoke(event)  # state: Odd Lambda
        except States.ALL as failure:
            event["oddLambdaFailure"] = failure
        else:
            try:
                event["evenLambda"] = even.invoke(event)  # state: Even Lambda
            except States.ALL as failure:
                event["evenLambdaFailure"] = failure
            else:
                return event
    event["commonErrorLambda"] = common_error.invoke(event)  # state: Common Error Handler
    return event
