"""aws.sagemaker_metrics: Amazon SageMaker Metrics Service."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SagemakerMetrics:
    def batch_get_metrics(self, *, MetricQueries: list[Any], **options: Unpack[TaskOptions]) -> Any: ...
    def batch_put_metrics(self, *, MetricData: list[Any], TrialComponentName: str, **options: Unpack[TaskOptions]) -> Any: ...
