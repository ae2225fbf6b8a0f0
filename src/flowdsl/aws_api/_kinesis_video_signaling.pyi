"""aws.kinesis_video_signaling: Amazon Kinesis Video Signaling Channels."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class KinesisVideoSignaling:
    def get_ice_server_config(self, *, ChannelARN: str, ClientId: str = ..., Service: str = ..., Username: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def send_alexa_offer_to_master(self, *, ChannelARN: str, MessagePayload: str, SenderClientId: str, **options: Unpack[TaskOptions]) -> Any: ...
