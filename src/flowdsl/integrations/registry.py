"""All integration records, looked up by Resource form (`lambda:invoke`) or by full ARN."""

from __future__ import annotations

from flowdsl.integrations import (
    apigateway,
    athena,
    batch,
    bedrock,
    codebuild,
    databrew,
    dynamodb,
    ecs,
    eks,
    emr,
    emr_containers,
    events,
    glue,
    http_task,
    lambda_,
    sagemaker,
    sns,
    sqs,
    stepfunctions,
)
from flowdsl.integrations.model import PATTERN_SUFFIX, Integration

_MODULES = (
    lambda_,
    sqs,
    sns,
    dynamodb,
    events,
    stepfunctions,
    ecs,
    batch,
    glue,
    athena,
    apigateway,
    http_task,
    bedrock,
    eks,
    databrew,
    codebuild,
    emr,
    emr_containers,
    sagemaker,
)

BY_RESOURCE: dict[str, Integration] = {
    record.resource: record for module in _MODULES for record in module.RECORDS
}

_ARN_PREFIX = "arn:aws:states:::"


def parse_resource_arn(arn: str) -> tuple[Integration, str] | None:
    """Split `arn:aws:states:::sqs:sendMessage.waitForTaskToken` into its record and pattern."""
    if not arn.startswith(_ARN_PREFIX):
        return None
    rest = arn[len(_ARN_PREFIX) :]
    for pattern, suffix in sorted(PATTERN_SUFFIX.items(), key=lambda kv: -len(kv[1])):
        if suffix and rest.endswith(suffix):
            record = BY_RESOURCE.get(rest[: -len(suffix)])
            return (record, pattern) if record and pattern in record.patterns else None
    record = BY_RESOURCE.get(rest)
    return (record, "request-response") if record else None
