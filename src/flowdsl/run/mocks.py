"""Mocks that answer a Task (or a Map's ItemReader) in an offline run, keyed by state name.

A mock answers with the result the integration hands back to Step Functions (for
`lambda:invoke` that is the whole `{"Payload": ..., "StatusCode": 200, ...}` object, see
`lambda_payload`), or raises an ASL error. For a `.waitForTaskToken` task the answer stands for
what the worker sends back: a result is `SendTaskSuccess`, an error is `SendTaskFailure`, and
`heartbeat_timeout()` is a worker that stopped sending heartbeats.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flowdsl.run.errors import HeartbeatTimeout, MockError, StatesError


@dataclass(frozen=True, slots=True)
class Call:
    """What an integration received: the mock's view of one invocation."""

    state: str
    resource: str
    arguments: Any
    index: int  # how many times this state's integration was called before, in this run
    attempt: int  # retry attempt of the current state entry (0 = first try)
    task_token: str | None = None


class Mock:
    """Base of every mock: `answer` returns the integration's result or raises `StatesError`."""

    def answer(self, call: Call) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return type(self).__name__


@dataclass(frozen=True, slots=True)
class Result(Mock):
    """Always answer with the same result."""

    value: Any

    def answer(self, call: Call) -> Any:
        return self.value

    def describe(self) -> str:
        return "result"


@dataclass(frozen=True, slots=True)
class Raise(Mock):
    """Always fail with an ASL error (a custom name, `States.Timeout`, `Lambda.ServiceException`...)."""

    error: str
    cause: str | None = None

    def answer(self, call: Call) -> Any:
        raise StatesError(self.error, self.cause)

    def describe(self) -> str:
        return f"error {self.error}"


@dataclass(frozen=True, slots=True)
class Sequence(Mock):
    """Answer the n-th call with the n-th mock; running out is a set-up mistake, not a failure."""

    answers: tuple[Mock, ...]

    def answer(self, call: Call) -> Any:
        if call.index >= len(self.answers):
            raise MockError(
                f"mock for state {call.state!r} has {len(self.answers)} answer(s) but the "
                f"integration was called {call.index + 1} times; add more results"
            )
        return self.answers[call.index].answer(call)

    def describe(self) -> str:
        return f"sequence of {len(self.answers)}"


@dataclass(frozen=True, slots=True)
class FromCallable(Mock):
    """Ask a Python function: `fn(arguments)` or `fn(arguments, call)`; it may raise StatesError."""

    fn: Callable[..., Any]

    def answer(self, call: Call) -> Any:
        if _positional_arity(self.fn) >= 2:
            return self.fn(call.arguments, call)
        return self.fn(call.arguments)

    def describe(self) -> str:
        return f"callable {getattr(self.fn, '__name__', repr(self.fn))}"


def _positional_arity(fn: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in parameters):
        return 2
    return sum(1 for p in parameters if p.kind in kinds)


def result(value: Any) -> Mock:
    """Answer every call with `value`."""
    return Result(value)


def results(*values: Any) -> Mock:
    """Answer the first call with the first value, the second with the second, ..."""
    return Sequence(tuple(Result(v) for v in values))


def error(name: str, cause: str | None = None) -> Mock:
    """Fail every call with the ASL error `name` (and `cause`)."""
    return Raise(name, cause)


def sequence(*answers: Any) -> Mock:
    """Answer call n with answer n; each answer is a mock or anything `to_mock` accepts."""
    return Sequence(tuple(to_mock(a, "<sequence item>") for a in answers))


def token_success(output: Any) -> Mock:
    """A `.waitForTaskToken` worker that calls SendTaskSuccess with `output`."""
    return Result(output)


def token_failure(name: str, cause: str | None = None) -> Mock:
    """A `.waitForTaskToken` worker that calls SendTaskFailure."""
    return Raise(name, cause)


@dataclass(frozen=True, slots=True)
class StoppedHeartbeats(Mock):
    """A worker that stopped sending heartbeats (see `heartbeat_timeout`)."""

    def answer(self, call: Call) -> Any:
        raise HeartbeatTimeout()

    def describe(self) -> str:
        return "heartbeat timeout"


def heartbeat_timeout() -> Mock:
    """A worker that stopped sending heartbeats: the task fails with States.Timeout, which a
    Retry or Catch naming States.HeartbeatTimeout also matches."""
    return StoppedHeartbeats()


def lambda_payload(payload: Any) -> Mock:
    """The result of `arn:aws:states:::lambda:invoke` for a function that returned `payload`.

    Shape source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
    """
    return Result({"ExecutedVersion": "$LATEST", "Payload": payload, "StatusCode": 200})


_JSON_FORMS = ("result", "results", "error", "sequence")


def from_json(spec: Any, state: str) -> Mock:
    """Read the JSON form of a mock: {"result": x} | {"results": [...]} | {"error": e, "cause": c}
    | {"sequence": [<json mock>, ...]}."""
    if not isinstance(spec, Mapping):
        raise MockError(
            f"mock for state {state!r} must be a JSON object with one of "
            f"{', '.join(repr(k) for k in _JSON_FORMS)}; got {type(spec).__name__}"
        )
    keys = set(spec)
    if keys == {"result"}:
        return Result(spec["result"])
    if keys == {"results"}:
        if not isinstance(spec["results"], list):
            raise MockError(f"mock for state {state!r}: 'results' must be a list")
        return results(*spec["results"])
    if "error" in keys and keys <= {"error", "cause"}:
        cause = spec.get("cause")
        if not isinstance(spec["error"], str) or (cause is not None and not isinstance(cause, str)):
            raise MockError(f"mock for state {state!r}: 'error' and 'cause' must be strings")
        return Raise(spec["error"], cause)
    if keys == {"sequence"}:
        if not isinstance(spec["sequence"], list):
            raise MockError(f"mock for state {state!r}: 'sequence' must be a list")
        return Sequence(tuple(from_json(item, state) for item in spec["sequence"]))
    raise MockError(
        f"mock for state {state!r} has keys {sorted(keys)}; expected exactly one of "
        '{"result": ...}, {"results": [...]}, {"error": "Name", "cause": "..."}, {"sequence": [...]}'
    )


def to_mock(value: Any, state: str) -> Mock:
    """Accept a Mock, a callable, or the JSON form; anything else is ambiguous and rejected."""
    if isinstance(value, Mock):
        return value
    if callable(value):
        return FromCallable(value)
    return from_json(value, state)
