"""aws.sagemaker_inference_router_runtime: Amazon SageMaker Inference Router Runtime."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SagemakerInferenceRouterRuntime:
    def invoke_inference_router(self, *, Body: str | bytes, InferenceRouterName: str, RoutingTargetName: str, Accept: str = ..., ContentType: str = ..., CustomAttributes: str = ..., InferenceId: str = ..., PrefixAwareId: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def invoke_inference_router_async(self, *, InferenceRouterName: str, InputLocation: str, RoutingTargetName: str, Accept: str = ..., ContentType: str = ..., CustomAttributes: str = ..., Filename: str = ..., InferenceId: str = ..., InvocationTimeoutSeconds: int = ..., RequestTTLSeconds: int = ..., S3OutputPathExtension: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
