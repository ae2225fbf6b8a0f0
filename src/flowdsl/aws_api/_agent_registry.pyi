"""aws.agent_registry: Agent Registry."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class AgentRegistry:
    def batch_get_discoverable_registry_record(self, *, Entries: list[Any], **options: Unpack[TaskOptions]) -> Any: ...
    def list_discoverable_registry_records(self, *, RegistryId: str, Filters: list[Any] = ..., MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def search_discoverable_registry_records(self, *, RegistryIds: list[Any], SearchQuery: str, Filters: dict[str, Any] = ..., MaxResults: int = ..., NextToken: str = ..., SearchType: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
