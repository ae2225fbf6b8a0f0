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

`run_workflow` takes a `@workflow` function (compiled in memory: the test runs the code as it
is), a workflow name (its `generated/` files, after proving they match what compiling the flows
gives now; a stale one fails the test), a path to an ASL file, or a parsed definition. The
project is found from the current directory upward (`[tool.flowdsl]` in pyproject.toml), so
tests run from any directory below it. Everything it returns is plain data, so assertions and
snapshots are stable.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flowdsl.dsl.workflow import Workflow
from flowdsl.freshness import StaleWorkflowError
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
    "StaleWorkflowError",
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
    workflow: Workflow | Mapping[str, Any] | str | Path,
    input: Any = None,
    mocks: Mapping[str, Any] | None = None,
    *,
    substitutions: Mapping[str, Any] | None = None,
    options: RunOptions | None = None,
) -> Execution:
    """Run the workflow once with `mocks` answering its Task states; return the Execution.

    `workflow` is a `@workflow` function, a workflow name (`"OrderStateMachine"`: its files
    under `[tool.flowdsl] generated`, which must match the flows; else StaleWorkflowError), a
    path to an ASL file (`Path(...)`, or a string with a `/` or ending in `.json`: run as it
    is), or a parsed definition.

    A mock is `result(x)`, `results(x, y)`, `error("Name", "cause")`, `sequence(...)`,
    `token_success(x)` / `token_failure(...)` / `heartbeat_timeout()` for callback tasks, a
    callable `fn(arguments)` (raise `StatesError` in it to fail the call), or the JSON form
    `{"result": x}` used on the command line.
    """
    from flowdsl.freshness import checked_generated, compile_in_memory
    from flowdsl.project import find_root, project_config

    if isinstance(workflow, Workflow):
        current = compile_in_memory(workflow, find_root())
    elif isinstance(workflow, str) and _is_name(workflow):
        current = checked_generated(workflow, project_config())
    else:
        return run(workflow, input, mocks, substitutions=substitutions, options=options)
    values = {**current.substitutions, **(substitutions or {})}
    return run(current.definition, input, mocks, substitutions=values, options=options)


def _is_name(text: str) -> bool:
    """A workflow name, not a path: no directory separator and no .json suffix."""
    return "/" not in text and "\\" not in text and not text.endswith(".json")
