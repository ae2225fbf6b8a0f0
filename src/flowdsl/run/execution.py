"""The outcome of an offline run: status, output or error, the trace, and readable assertions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"


@dataclass
class Execution:
    """What `run` returns. `trace` is a list of plain dicts, one per event, in order."""

    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    trace: list[dict[str, Any]] = field(default_factory=list)
    variables: dict[str, Any] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED

    @property
    def states_entered(self) -> list[str]:
        """Names of the states entered, in order (branches and iterations included, in order)."""
        return [e["state"] for e in self.trace if e["event"] == "StateEntered"]

    def events(self, kind: str, state: str | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in self.trace
            if e["event"] == kind and (state is None or e.get("state") == state)
        ]

    def arguments_of(self, state: str) -> list[Any]:
        """The arguments the integration of `state` received, one entry per call (retries too)."""
        return [e["arguments"] for e in self.events("TaskScheduled", state)]

    def output_of(self, state: str) -> list[Any]:
        """The output of each exit of `state`."""
        return [e["output"] for e in self.events("StateExited", state)]

    def to_data(self) -> dict[str, Any]:
        """Plain, JSON-ready data (the `--format json` document and the snapshot form)."""
        data: dict[str, Any] = {"status": self.status}
        if self.status == SUCCEEDED:
            data["output"] = self.output
        else:
            data["error"] = self.error
            data["cause"] = self.cause
        data["trace"] = self.trace
        return data

    def snapshot(self) -> dict[str, Any]:
        """Syrupy-friendly: plain data with every object's keys sorted, stable across runs."""
        return _sorted(self.to_data())

    # -- assertions: each failure message shows what happened instead ---------------------------

    def assert_succeeded(self, output: Any = ...) -> None:
        if self.status != SUCCEEDED:
            raise AssertionError(
                f"expected the execution to succeed, but it failed with {self.error}: {self.cause}"
                f"\n{self.describe()}"
            )
        if output is not ... and self.output != output:
            raise AssertionError(
                f"output differs\n  expected: {_show(output)}\n  actual:   {_show(self.output)}"
            )

    def assert_failed(self, error: str | None = None, cause: str | None = None) -> None:
        if self.status != FAILED:
            raise AssertionError(
                f"expected the execution to fail, but it succeeded with {_show(self.output)}"
                f"\n{self.describe()}"
            )
        if error is not None and self.error != error:
            raise AssertionError(f"expected error {error!r}, got {self.error!r} ({self.cause})")
        if cause is not None and cause not in (self.cause or ""):
            raise AssertionError(f"expected cause containing {cause!r}, got {self.cause!r}")

    def assert_path(self, *states: str) -> None:
        """The states entered are exactly `states`, in order."""
        if self.states_entered != list(states):
            raise AssertionError(
                f"states entered differ\n  expected: {list(states)}\n  actual:   {self.states_entered}"
            )

    def assert_entered(self, *states: str) -> None:
        missing = [s for s in states if s not in self.states_entered]
        if missing:
            raise AssertionError(f"never entered {missing}; entered {self.states_entered}")

    def assert_not_entered(self, *states: str) -> None:
        entered = [s for s in states if s in self.states_entered]
        if entered:
            raise AssertionError(f"unexpectedly entered {entered}; entered {self.states_entered}")

    def assert_called_with(self, state: str, arguments: Any, call: int = -1) -> None:
        """The integration of `state` received `arguments` (on its last call by default)."""
        calls = self.arguments_of(state)
        if not calls:
            raise AssertionError(f"the integration of {state!r} was never called")
        if calls[call] != arguments:
            raise AssertionError(
                f"arguments of {state!r} differ\n  expected: {_show(arguments)}\n"
                f"  actual:   {_show(calls[call])}"
            )

    def describe(self) -> str:
        from flowdsl.run.render import render_text

        return render_text(self)


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value
