"""aws.account_access_runtime: Account Access Runtime."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class AccountAccessRuntime:
    def get_role_credentials(self, *, AccessType: str, RoleArn: str, TenantId: str, SessionDuration: int = ..., SessionName: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def list_roles(self, *, TenantId: str, MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
