"""aws.abuse_signal: AWS Abuse Signal API."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class AbuseSignal:
    def create_abuse_report(self, *, Report: dict[str, Any], ClientToken: str = ..., CorrelationId: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def get_abuse_report_status(self, *, ReportId: str, **options: Unpack[TaskOptions]) -> Any: ...
    def list_abuse_report_statuses(self, *, CorrelationId: str = ..., MaxResults: int = ..., NextToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
