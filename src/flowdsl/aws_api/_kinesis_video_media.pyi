"""aws.kinesis_video_media: Amazon Kinesis Video Streams Media."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class KinesisVideoMedia:
    def get_media(self, *, StartSelector: dict[str, Any], StreamARN: str = ..., StreamName: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
