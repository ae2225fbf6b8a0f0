"""aws.ssm_guiconnect: AWS SSM-GUIConnect."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class SsmGuiconnect:
    def delete_connection_recording_preferences(self, *, ClientToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def get_connection_recording_preferences(self, **options: Unpack[TaskOptions]) -> Any: ...
    def update_connection_recording_preferences(self, *, ConnectionRecordingPreferences: dict[str, Any], ClientToken: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
