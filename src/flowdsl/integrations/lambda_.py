"""AWS Lambda: `lambda:invoke`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
(request-response and .waitForTaskToken; the function's result is in `Payload`).
"""

from flowdsl.iam.facts import From, Grant, IamFacts
from flowdsl.integrations.model import Integration

INVOKE = Integration(
    resource="lambda:invoke",
    service="lambda",
    operation="Invoke",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html",
    target_parameter="FunctionName",
    result_member="Payload",
    # The result of a request-response invoke, as connect-lambda.html shows it: the Invoke
    # output (ExecutedVersion, Payload, StatusCode, ...) and these two.
    response_metadata=frozenset({"SdkHttpMetadata", "SdkResponseMetadata"}),
    # IAM: lambda:InvokeFunction on the function (qualified as invoked); a callback worker gets
    # the token in the invocation payload, so it needs nothing to receive it.
    iam=IamFacts(
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html",
        grants=(Grant(("lambda:InvokeFunction",), (From("FunctionName", "lambda-function"),)),),
    ),
)

RECORDS = (INVOKE,)
