"""aws.marketplace_reporting: AWS Marketplace Reporting Service."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class MarketplaceReporting:
    def get_buyer_dashboard(self, *, DashboardIdentifier: str, EmbeddingDomains: list[Any], **options: Unpack[TaskOptions]) -> Any: ...
