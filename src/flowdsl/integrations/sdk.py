"""AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<action>`), made from botocore models.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
The service name in the ARN is the SDK's service id in lower case without spaces (`SFN` ->
`sfn`, `ACM PCA` -> `acmpca`); the action is the API operation in camelCase; parameters are
PascalCase even where the API itself is camelCase; errors are `ServiceName.ErrorName`.
SDK integrations support request-response and .waitForTaskToken, not .sync.
"""

from __future__ import annotations

import difflib
from functools import cache

from flowdsl.integrations import api_models
from flowdsl.integrations.model import Integration

DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html"


class SdkLookupError(LookupError):
    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.hint = hint


# Other names users know a service by: the AWS CLI and the SDK integration ARNs call Step
# Functions `sfn` (aws-sdk:sfn:startExecution), boto3 and botocore `stepfunctions`.
SERVICE_ALIASES = {"sfn": "stepfunctions"}


def botocore_service(python_name: str) -> str:
    """`rds_data` (a Python attribute) -> `rds-data` (botocore's directory name)."""
    known = _known_services()
    python_name = SERVICE_ALIASES.get(python_name, python_name)
    for candidate in (python_name, python_name.replace("_", "-")):
        if candidate in known:
            return candidate
    close = difflib.get_close_matches(
        python_name.replace("_", "-"), sorted(known | set(SERVICE_ALIASES)), 3
    )
    raise SdkLookupError(
        f"botocore knows no AWS service {python_name!r}",
        f"did you mean {', '.join(repr(c.replace('-', '_')) for c in close)}?"
        if close
        else "use the boto3 client name, e.g. aws.s3 or aws.stepfunctions",
    )


@cache
def _known_services() -> frozenset[str]:
    return frozenset(api_models.known_services())


@cache
def _snake_operations(service: str) -> dict[str, str]:
    from botocore import xform_name  # light: botocore's package init, not a session

    return {xform_name(op): op for op in api_models.service_model(service).get("operations", {})}


def optimized_for(service: str, operation: str) -> Integration | None:
    """The optimized integration for an API operation, if Step Functions has one."""
    return _optimized_by_operation().get((service, operation))


@cache
def _optimized_by_operation() -> dict[tuple[str, str | None], Integration]:
    from flowdsl.integrations.registry import BY_RESOURCE

    index: dict[tuple[str, str | None], Integration] = {}
    for record in BY_RESOURCE.values():  # the first record of an operation wins, as before
        index.setdefault((record.service, record.operation), record)
    return index


def sdk_integration(
    python_service: str, python_operation: str, *, callback: bool = False
) -> Integration:
    """The integration for `aws.<service>.<operation>`: Step Functions' optimized integration
    where one exists (it can wait with `.sync` and reads results as documented), the AWS SDK
    integration otherwise, and for `callback=True` where the optimized one cannot wait for a
    task token but the AWS SDK integration can (DynamoDB: integrate-optimized.html's tables,
    "Wait for Callback": not supported by the optimized integration, Standard for AWS SDK
    integrations)."""
    service = botocore_service(python_service)
    operations = _snake_operations(service)
    operation = operations.get(python_operation)
    if operation is None:
        close = difflib.get_close_matches(python_operation, sorted(operations), 3)
        raise SdkLookupError(
            f"{python_service} has no operation {python_operation!r}",
            f"did you mean {', '.join(repr(c) for c in close)}?"
            if close
            else "operations are spelled as in boto3 (snake_case)",
        )
    optimized = optimized_for(service, operation)
    if optimized is not None and (not callback or "waitForTaskToken" in optimized.patterns):
        return optimized
    service_id = str(api_models.service_model(service)["metadata"].get("serviceId", service))
    arn_service = service_id.lower().replace(" ", "").replace("-", "")
    action = operation[:1].lower() + operation[1:]
    return Integration(
        resource=f"aws-sdk:{arn_service}:{action}",
        service=service,
        operation=operation,
        patterns=frozenset({"request-response", "waitForTaskToken"}),
        docs=DOCS,
    )
