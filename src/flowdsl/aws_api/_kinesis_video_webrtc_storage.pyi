"""aws.kinesis_video_webrtc_storage: Amazon Kinesis Video WebRTC Storage."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class KinesisVideoWebrtcStorage:
    def join_storage_session(self, *, ChannelArn: str, **options: Unpack[TaskOptions]) -> Any: ...
    def join_storage_session_as_viewer(self, *, ChannelArn: str, ClientId: str, **options: Unpack[TaskOptions]) -> Any: ...
