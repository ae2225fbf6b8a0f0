"""aws.uxc: AWS User Experience Customization."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Uxc:
    def get_account_customizations(self, **options: Unpack[TaskOptions]) -> Any: ...
    def list_services(self, *, MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def update_account_customizations(self, *, AccountColor: str = ..., VisibleRegions: list[Any] = ..., VisibleServices: list[Any] = ..., **options: Unpack[TaskOptions]) -> Any: ...
