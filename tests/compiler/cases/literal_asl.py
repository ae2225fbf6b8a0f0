from flowdsl import Fail, Function, asl_state, asl_states, workflow

charge = Function("charge")

# Literal ASL here is neutral between the query languages (no Parameters, Arguments or
# conditions), so the case compiles to JSONata and, in tests/jsonpath, to JSONPath.
AUDIT = {
    "StartAt": "Pause",
    "States": {
        "Pause": {"Type": "Wait", "Seconds": 1, "Next": "List buckets"},
        "List buckets": {
            "Type": "Task",
            "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
            "Retry": [{"ErrorEquals": ["S3.S3Exception"], "MaxAttempts": 2}],
            "End": True,
        },
    },
}


@workflow
def literal_asl(order):
    buckets = asl_states(AUDIT, input=order)
    try:
        receipt = asl_state(
            "Charge", {"Type": "Task", "Resource": "${ChargeFunctionArn}"}, input=order
        )
    except Exception:
        raise Fail("ChargeFailed", "the Charge state failed") from None
    if not buckets:
        asl_state("Reject", {"Type": "Fail", "Error": "NoBuckets", "Cause": "nothing to audit"})
    return {"receipt": receipt, "buckets": buckets}
