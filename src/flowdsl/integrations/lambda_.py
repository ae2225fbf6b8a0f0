"""AWS Lambda: `lambda:invoke`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
(request-response and .waitForTaskToken; the function's result is in `Payload`).
"""

from flowdsl.integrations.model import Integration

INVOKE = Integration(
    resource="lambda:invoke",
    service="lambda",
    operation="Invoke",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html",
    target_parameter="FunctionName",
    result_member="Payload",
)

RECORDS = (INVOKE,)
