"""aws.appconfigdata: AWS AppConfig Data."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Appconfigdata:
    def get_latest_configuration(self, *, ConfigurationToken: str, **options: Unpack[TaskOptions]) -> Any: ...
    def start_configuration_session(self, *, ApplicationIdentifier: str, ConfigurationProfileIdentifier: str, EnvironmentIdentifier: str, RequiredMinimumPollIntervalInSeconds: int = ..., **options: Unpack[TaskOptions]) -> Any: ...
