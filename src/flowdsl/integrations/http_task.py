"""HTTP Task: `http:invoke`, a call to any HTTPS API through an EventBridge connection.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
(request-response only; parameters are Step Functions' own).
"""

from flowdsl.iam.facts import Condition, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html"
_CONNECTION = "Authentication.ConnectionArn"
_INVOCATION_CONNECTION = "InvocationConfig.ConnectionArn"

INVOKE = Integration(
    resource="http:invoke",
    service="http",
    operation=None,
    patterns=frozenset({"request-response"}),
    docs=_DOCS,
    # Task fields of an HTTP Task (#connect-http-task-fields).
    extra_parameters=frozenset(
        {
            "ApiEndpoint",
            "Method",
            "Authentication",
            "Headers",
            "QueryParameters",
            "RequestBody",
            "Transform",
            "InvocationConfig",
        }
    ),
    required_parameters=frozenset({"ApiEndpoint", "Method"}),
    # The connection is named in Authentication, or in InvocationConfig (the form for private
    # APIs, whose connection also defines the network path).
    one_of_parameters=frozenset({"Authentication", "InvocationConfig"}),
    # IAM (#connect-http-task-permissions): states:InvokeHTTPEndpoint on this state machine,
    # conditioned on states:HTTPMethod and states:HTTPEndpoint where they are static (the docs'
    # least-privilege example); events:RetrieveConnectionCredentials on the connection; and
    # secretsmanager:GetSecretValue/DescribeSecret on the connection's secret, which EventBridge
    # names `events!connection/<connection name>/...`.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("states:InvokeHTTPEndpoint",),
                ("{self}",),
                conditions=(
                    Condition("StringEquals", "states:HTTPMethod", path="Method"),
                    # The docs' example matches the endpoint with StringLike and a trailing `*`;
                    # the endpoint given, then anything after it (query parameters).
                    Condition("StringLike", "states:HTTPEndpoint", path="ApiEndpoint", suffix="*"),
                ),
            ),
            Grant(
                ("events:RetrieveConnectionCredentials",),
                tuple(
                    From(path, "arn", dynamic=arn("events", "connection/*"))
                    for path in (_CONNECTION, _INVOCATION_CONNECTION)
                ),
            ),
            Grant(
                ("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                tuple(
                    From(
                        path,
                        "events-connection-secret",
                        dynamic=arn("secretsmanager", "secret:events!connection/*"),
                    )
                    for path in (_CONNECTION, _INVOCATION_CONNECTION)
                ),
            ),
        ),
    ),
)

RECORDS = (INVOKE,)
