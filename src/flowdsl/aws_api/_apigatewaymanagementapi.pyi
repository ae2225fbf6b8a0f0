"""aws.apigatewaymanagementapi: AmazonApiGatewayManagementApi."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Apigatewaymanagementapi:
    def delete_connection(self, *, ConnectionId: str, **options: Unpack[TaskOptions]) -> Any: ...
    def get_connection(self, *, ConnectionId: str, **options: Unpack[TaskOptions]) -> Any: ...
    def post_to_connection(self, *, ConnectionId: str, Data: str | bytes, **options: Unpack[TaskOptions]) -> Any: ...
