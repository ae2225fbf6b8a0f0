"""Amazon API Gateway: `apigateway:invoke`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html
(request-response, .waitForTaskToken). The parameters (ApiEndpoint, Method, Stage, Path, ...)
are Step Functions' own, not an API operation's, so no botocore model checks them.
"""

from flowdsl.iam.facts import From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-api-gateway.html"

INVOKE = Integration(
    resource="apigateway:invoke",
    service="apigateway",
    operation=None,
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs=_DOCS,
    # Parameters of the API Gateway integration (connect-api-gateway.html, "Supported fields").
    extra_parameters=frozenset(
        {
            "ApiEndpoint",
            "Method",
            "Stage",
            "Path",
            "Headers",
            "QueryParameters",
            "RequestBody",
            "AllowNullValues",
            "AuthType",
        }
    ),
    required_parameters=frozenset({"ApiEndpoint", "Method"}),
    # IAM: execute-api:Invoke on `<apiId>/<stage>/<METHOD>/<path>`; each part known only at run
    # time becomes `*`. With AuthType RESOURCE_POLICY the API's own resource policy must also
    # allow states.amazonaws.com with aws:SourceArn = this state machine (not part of the role).
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("execute-api:Invoke",),
                (From("ApiEndpoint", "execute-api", dynamic=arn("execute-api", "*")),),
            ),
        ),
    ),
)

RECORDS = (INVOKE,)
