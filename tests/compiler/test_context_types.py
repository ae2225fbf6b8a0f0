"""The context object's values have the types the context object documents: the execution
input is any JSON value (an object, most often), not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowdsl.compiler import compile_paths
from flowdsl.testing import run_workflow

FLOW = """\
from flowdsl import context, workflow


@workflow(query_language="LANGUAGE")
def flow(order):
    given = context.execution_input
    return {**given, "seen": True}
"""


@pytest.mark.parametrize("language", ["JSONata", "JSONPath"])
def test_the_execution_input_merges_as_a_dict(tmp_path: Path, language: str) -> None:
    path = tmp_path / "flow.py"
    path.write_text(FLOW.replace("LANGUAGE", language), encoding="utf-8")
    result = compile_paths([path], tmp_path)
    assert result.diagnostics == []
    (workflow,) = result.workflows
    assert run_workflow(workflow.definition, {"id": 7}).output == {"id": 7, "seen": True}
