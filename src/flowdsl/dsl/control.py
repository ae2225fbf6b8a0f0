"""Authoring forms that are not plain Python: retries, failures, waits, parallel and map."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from flowdsl.dsl._inert import compiled_only
from flowdsl.dsl.errors import WorkflowError

T = TypeVar("T")


@dataclass(frozen=True, init=False)
class Retry:
    """A Retry rule: the errors it matches and its back-off (ASL field names in snake_case).

    Fields left out are left out of the ASL too, so AWS's defaults apply (IntervalSeconds 1,
    MaxAttempts 3, BackoffRate 2.0). No errors means every error (`States.ALL`).
    """

    errors: tuple[type[BaseException], ...]
    interval_seconds: int | None
    max_attempts: int | None
    backoff_rate: float | None
    max_delay_seconds: int | None
    jitter_strategy: Literal["FULL", "NONE"] | None

    def __init__(
        self,
        *errors: type[BaseException],
        interval_seconds: int | None = None,
        max_attempts: int | None = None,
        backoff_rate: float | None = None,
        max_delay_seconds: int | None = None,
        jitter_strategy: Literal["FULL", "NONE"] | None = None,
    ) -> None:
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "interval_seconds", interval_seconds)
        object.__setattr__(self, "max_attempts", max_attempts)
        object.__setattr__(self, "backoff_rate", backoff_rate)
        object.__setattr__(self, "max_delay_seconds", max_delay_seconds)
        object.__setattr__(self, "jitter_strategy", jitter_strategy)


class Fail(WorkflowError):
    """`raise Fail("ErrorName", "cause")` ends the execution (or the branch) with that error;
    both are optional (`raise Fail()` fails with no error name, as a Fail state may)."""

    def __init__(self, error: str | None = None, cause: str | None = None) -> None:
        super().__init__(error, cause)


def parallel(*branches: Callable[[], T], retry: Retry | list[Retry] | None = None) -> list[T]:
    """Run each branch (a function defined in the workflow body) at once; returns their results."""
    compiled_only("parallel()")


def integration(resource: str, /, **parameters: Any) -> Any:
    """Call an optimized integration that is no single AWS API operation, by its Resource form:
    `integration("http:invoke", ApiEndpoint=..., Method="GET", Authentication={...})`.
    (API operations are called as `aws.<service>.<operation>(...)`.)"""
    compiled_only("integration()")


def wait(*, seconds: float | None = None, until: str | None = None) -> None:
    """Pause the execution for `seconds`, or until the ISO-8601 timestamp `until`."""
    compiled_only("wait()")


def timestamp(value: str) -> Any:
    """Mark a string as an ISO-8601 timestamp, so comparisons compare instants, not text."""
    compiled_only("timestamp()")
