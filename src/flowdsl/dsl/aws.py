"""`aws.<service>.<operation>(...)`: any AWS API as a Step Functions AWS SDK integration.

Services and operations are spelled as in boto3 (`aws.s3.list_objects_v2(Bucket=...)`,
`aws.stepfunctions.describe_execution(...)`); parameters as the API spells them (PascalCase).
The compiler checks them against botocore's API model and writes
`arn:aws:states:::aws-sdk:<service>:<operation>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowdsl.dsl._inert import compiled_only


@dataclass(frozen=True)
class SdkOperation:
    service: str
    operation: str

    def __call__(self, **parameters: Any) -> Any:
        compiled_only(f"aws.{self.service}.{self.operation}")


@dataclass(frozen=True)
class SdkService:
    service: str

    def __getattr__(self, operation: str) -> SdkOperation:
        if operation.startswith("__"):
            raise AttributeError(operation)
        return SdkOperation(self.service, operation)


class _Aws:
    def __getattr__(self, service: str) -> SdkService:
        if service.startswith("__"):
            raise AttributeError(service)
        return SdkService(service)


if TYPE_CHECKING:
    # Type checkers see every service, operation and parameter (stubs written from botocore's
    # models by flowdsl.aws_stubs); at run time `aws` only records what a flow names.
    from flowdsl.aws_api import Aws

    aws: Aws
else:
    aws = _Aws()
