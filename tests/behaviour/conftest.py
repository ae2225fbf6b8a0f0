"""Helpers to run compiled workflows in the offline runner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flowdsl.testing import Execution, run_workflow
from tests.conftest import CASES, FLOWS, compile_file


def definition(path: Path, name: str | None = None) -> dict[str, Any]:
    result = compile_file(path)
    assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
    for workflow in result.workflows:
        if name is None or workflow.name == name:
            return workflow.definition
    raise AssertionError(f"no workflow {name} in {path}")


def run_case(case: str, input: Any, mocks: dict[str, Any], name: str | None = None) -> Execution:
    return run_workflow(definition(CASES / f"{case}.py", name), input, mocks)


def run_flow(flow: str, input: Any, mocks: dict[str, Any]) -> Execution:
    return run_workflow(definition(FLOWS / f"{flow}.py"), input, mocks)
