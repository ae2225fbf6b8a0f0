"""aws.sagemaker_edge: Amazon Sagemaker Edge Manager."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SagemakerEdge:
    def get_deployments(self, *, DeviceFleetName: str, DeviceName: str, **options: Unpack[TaskOptions]) -> Any: ...
    def get_device_registration(self, *, DeviceFleetName: str, DeviceName: str, **options: Unpack[TaskOptions]) -> Any: ...
    def send_heartbeat(self, *, AgentVersion: str, DeviceFleetName: str, DeviceName: str, AgentMetrics: list[Any] = ..., DeploymentResult: dict[str, Any] = ..., Models: list[Any] = ..., **options: Unpack[TaskOptions]) -> Any: ...
