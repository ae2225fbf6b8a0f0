"""aws.sagemaker_gateway_runtime: Amazon SageMaker Gateway Runtime."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SagemakerGatewayRuntime:
    def invoke_global_inference_gateway(self, *, Body: str | bytes, ContentType: str, GatewayId: str, Accept: str = ..., CustomerIdentityToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def invoke_global_inference_gateway_with_response_stream(self, *, Body: str | bytes, ContentType: str, GatewayId: str, Accept: str = ..., CustomerIdentityToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
