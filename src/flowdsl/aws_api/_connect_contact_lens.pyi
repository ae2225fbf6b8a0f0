"""aws.connect_contact_lens: Amazon Connect Contact Lens."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class ConnectContactLens:
    def list_realtime_contact_analysis_segments(self, *, ContactId: str, InstanceId: str, ListFilter: dict[str, Any] = ..., MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
