"""aws.sagemaker_runtime: Amazon SageMaker Runtime."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SagemakerRuntime:
    def invoke_endpoint(self, *, Body: str | bytes, EndpointName: str, Accept: str = ..., ContentType: str = ..., CustomAttributes: str = ..., EnableExplanations: str = ..., InferenceComponentName: str = ..., InferenceId: str = ..., PrefixAwareId: str = ..., SessionId: str = ..., TargetContainerHostname: str = ..., TargetModel: str = ..., TargetVariant: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def invoke_endpoint_async(self, *, EndpointName: str, Accept: str = ..., Body: str | bytes = ..., ContentType: str = ..., CustomAttributes: str = ..., Filename: str = ..., InferenceId: str = ..., InputLocation: str = ..., InvocationTimeoutSeconds: int = ..., RequestTTLSeconds: int = ..., S3OutputPathExtension: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def invoke_endpoint_with_response_stream(self, *, Body: str | bytes, EndpointName: str, Accept: str = ..., ContentType: str = ..., CustomAttributes: str = ..., InferenceComponentName: str = ..., InferenceId: str = ..., PrefixAwareId: str = ..., SessionId: str = ..., TargetContainerHostname: str = ..., TargetVariant: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
