"""aws.personalize_runtime: Amazon Personalize Runtime."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class PersonalizeRuntime:
    def get_action_recommendations(self, *, CampaignArn: str = ..., FilterArn: str = ..., FilterValues: dict[str, Any] = ..., NumResults: int = ..., UserId: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def get_personalized_ranking(self, *, CampaignArn: str, InputList: list[Any], UserId: str, Context: dict[str, Any] = ..., FilterArn: str = ..., FilterValues: dict[str, Any] = ..., MetadataColumns: dict[str, Any] = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def get_recommendations(self, *, CampaignArn: str = ..., Context: dict[str, Any] = ..., FilterArn: str = ..., FilterValues: dict[str, Any] = ..., ItemId: str = ..., MetadataColumns: dict[str, Any] = ..., NumResults: int = ..., Promotions: list[Any] = ..., RecommenderArn: str = ..., UserId: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
