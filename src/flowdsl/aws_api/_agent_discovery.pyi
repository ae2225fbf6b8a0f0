"""aws.agent_discovery: Agent Discovery."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class AgentDiscovery:
    def search_public_records(self, *, Filters: dict[str, Any] = ..., MaxResults: int = ..., NextToken: str = ..., SearchQuery: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
