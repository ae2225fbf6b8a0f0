"""aws.simpledbv2: Amazon SimpleDB v2."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Simpledbv2:
    def get_export(self, *, ExportArn: str, **options: Unpack[TaskOptions]) -> Any: ...
    def list_exports(self, *, DomainName: str = ..., MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def start_domain_export(self, *, DomainName: str, S3Bucket: str, ClientToken: str = ..., S3BucketOwner: str = ..., S3KeyPrefix: str = ..., S3SseAlgorithm: str = ..., S3SseKmsKeyId: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
