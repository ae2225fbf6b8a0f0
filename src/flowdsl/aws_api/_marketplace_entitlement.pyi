"""aws.marketplace_entitlement: AWS Marketplace Entitlement Service."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class MarketplaceEntitlement:
    def get_entitlements(self, *, ProductCode: str, Filter: dict[str, Any] = ..., MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
