"""aws.cloudtrail_data: AWS CloudTrail Data Service."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class CloudtrailData:
    def put_audit_events(self, *, AuditEvents: list[Any], ChannelArn: str, ExternalId: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
