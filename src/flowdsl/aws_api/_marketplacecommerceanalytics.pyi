"""aws.marketplacecommerceanalytics: AWS Marketplace Commerce Analytics."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Marketplacecommerceanalytics:
    def generate_data_set(self, *, DataSetPublicationDate: str, DataSetType: str, DestinationS3BucketName: str, RoleNameArn: str, SnsTopicArn: str, CustomerDefinedValues: dict[str, Any] = ..., DestinationS3Prefix: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def start_support_data_export(self, *, DataSetType: str, DestinationS3BucketName: str, FromDate: str, RoleNameArn: str, SnsTopicArn: str, CustomerDefinedValues: dict[str, Any] = ..., DestinationS3Prefix: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
