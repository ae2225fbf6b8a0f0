"""HTTP Task: `http:invoke`, a call to any HTTPS API through an EventBridge connection.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
(request-response only; parameters are Step Functions' own).
"""

from flowdsl.iam.facts import Condition, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html"
# The connection is named in `Authentication.ConnectionArn`, or in `InvocationConfig.ConnectionArn`
# (#connect-http-task-fields, the connection that also carries private-API connectivity); each
# grants the same permissions on whichever is present.
_CONNECTIONS = ("Authentication.ConnectionArn", "InvocationConfig.ConnectionArn")

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
            "InvocationConfig",
            "Headers",
            "QueryParameters",
            "RequestBody",
            "Transform",
        }
    ),
    # flowdsl writes the connection in Authentication; a definition from elsewhere may name it in
    # InvocationConfig instead, and the grants below read either.
    required_parameters=frozenset({"ApiEndpoint", "Method", "Authentication"}),
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
                tuple(From(c, "arn", dynamic=arn("events", "connection/*")) for c in _CONNECTIONS),
            ),
            Grant(
                ("secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"),
                tuple(
                    From(
                        c,
                        "events-connection-secret",
                        dynamic=arn("secretsmanager", "secret:events!connection/*"),
                    )
                    for c in _CONNECTIONS
                ),
            ),
        ),
    ),
)

RECORDS = (INVOKE,)
