"""The shape of one service-integration record (what the compiler, validator and IAM need)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Pattern = Literal["request-response", "sync", "sync:2", "waitForTaskToken"]

# The Resource suffix each pattern adds to `arn:aws:states:::<service>:<action>`.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
PATTERN_SUFFIX: dict[str, str] = {
    "request-response": "",
    "sync": ".sync",
    "sync:2": ".sync:2",
    "waitForTaskToken": ".waitForTaskToken",
}


@dataclass(frozen=True, slots=True)
class Integration:
    """One optimized integration, e.g. `lambda:invoke`.

    `service`/`operation` name the botocore API model whose input shape checks the parameters and
    whose output shape is the result; `target_parameter` is the parameter a declared resource
    fills (FunctionName, QueueUrl, ...); `result_member` is the member a call of the resource
    returns (Lambda's `Payload`), so generated expressions read the right place by construction.
    """

    resource: str
    service: str
    operation: str | None
    patterns: frozenset[str]
    docs: str
    target_parameter: str | None = None
    result_member: str | None = None
    # Members Step Functions adds to the API's response in the Task result (its HTTP and
    # request metadata), beside the output shape's members.
    response_metadata: frozenset[str] = frozenset()
    # Parameters Step Functions accepts beyond the API's input shape; for an integration that is
    # no API operation (operation None), these with `required_parameters` are all it takes.
    extra_parameters: frozenset[str] = frozenset()
    required_parameters: frozenset[str] = frozenset()
    # Parameters of which a call gives exactly one (HTTP Task: Authentication or
    # InvocationConfig, each naming the EventBridge connection).
    one_of_parameters: frozenset[str] = frozenset()
    # IAM facts (actions per pattern, resource ARN templates, .sync extras); see flowdsl.iam.
    iam: Any = field(default=None, compare=False)

    def resource_arn(self, pattern: str) -> str:
        return f"arn:aws:states:::{self.resource}{PATTERN_SUFFIX[pattern]}"
