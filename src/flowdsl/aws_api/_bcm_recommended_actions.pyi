"""aws.bcm_recommended_actions: AWS Billing and Cost Management Recommended Actions."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class BcmRecommendedActions:
    def list_recommended_actions(self, *, Filter: dict[str, Any] = ..., MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
