"""Test a workflow in pytest: run its ASL offline with mocks, assert on output, path and calls.

    from flowdsl.testing import run_workflow, result, error

    def test_order_is_fulfilled():
        execution = run_workflow("generated/orders", {"orderId": "1"},
                                 mocks={"CheckInventory": result({"inStock": True})})
        execution.assert_succeeded(output={"status": "fulfilled"})
        execution.assert_path("CheckInventory", "Fulfil")
        execution.assert_called_with("CheckInventory", {"orderId": "1"})

    def test_snapshot(snapshot):
        assert run_workflow(...).snapshot() == snapshot   # syrupy

`run_workflow` takes a parsed definition, a path to an ASL file, or a workflow name under
`generated/`. Everything it returns is plain data, so assertions and snapshots are stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flowdsl.run import Execution, RunOptions, run
from flowdsl.run.errors import MockError, StatesError
from flowdsl.run.mocks import (
    Call,
    Mock,
    error,
    heartbeat_timeout,
    lambda_payload,
    result,
    results,
    sequence,
    token_failure,
    token_success,
)

__all__ = [
    "Call",
    "Execution",
    "Mock",
    "MockError",
    "RunOptions",
    "StatesError",
    "error",
    "heartbeat_timeout",
    "lambda_payload",
    "result",
    "results",
    "run_workflow",
    "sequence",
    "token_failure",
    "token_success",
]


def run_workflow(
    definition_or_path: Mapping[str, Any] | str | Path,
    input: Any = None,
    mocks: Mapping[str, Any] | None = None,
    *,
    substitutions: Mapping[str, Any] | None = None,
    options: RunOptions | None = None,
) -> Execution:
    """Run the workflow once with `mocks` answering its Task states; return the Execution.

    A mock is `result(x)`, `results(x, y)`, `error("Name", "cause")`, `sequence(...)`,
    `token_success(x)` / `token_failure(...)` / `heartbeat_timeout()` for callback tasks, a
    callable `fn(arguments)` (raise `StatesError` in it to fail the call), or the JSON form
    `{"result": x}` used on the command line.
    """
    return run(definition_or_path, input, mocks, substitutions=substitutions, options=options)
