"""aws.iam_toolbox: IAM Toolbox (Preview)."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class IamToolbox:
    def get_request_authorization_details(self, *, AuthorizationId: str, NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def get_request_authorization_policy(self, *, AuthorizationId: str, PolicyUri: str, **options: Unpack[TaskOptions]) -> Any: ...
