"""aws.workmailmessageflow: Amazon WorkMail Message Flow."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Workmailmessageflow:
    def get_raw_message_content(self, *, MessageId: str, **options: Unpack[TaskOptions]) -> Any: ...
    def put_raw_message_content(self, *, Content: dict[str, Any], MessageId: str, **options: Unpack[TaskOptions]) -> Any: ...
