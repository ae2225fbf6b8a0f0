"""The options every `aws.<service>.<operation>(...)` call takes besides its parameters."""

from typing import TypedDict

from flowdsl.dsl.control import Retry

class TaskOptions(TypedDict, total=False):
    retry: Retry | list[Retry]
    timeout_seconds: int
    heartbeat_seconds: int
    callback: bool
    sync: bool
