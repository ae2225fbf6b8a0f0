"""`child.invoke(input)` of a nested workflow: the whole DescribeExecution result of
`states:startExecution.sync:2`, as `fn.invoke` is the whole lambda:invoke response, its reads
checked against the API's output shape; `child(input)` stays the child's Output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flowdsl.compiler import compile_paths
from flowdsl.testing import result, run_workflow

FLOW = """\
from flowdsl import workflow


@workflow
def child(order):
    return {"total": order["n"] * 2}


@workflow(query_language="LANGUAGE")
def parent(order):
    run = child.invoke(order)
    plain = child(order)
    return {"status": run["Status"], "total": run["Output"]["total"], "plain": plain}
"""

DESCRIBED = {
    "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:Child:1",
    "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Child",
    "Status": "SUCCEEDED",
    "StartDate": 1700000000,
    "StopDate": 1700000001,
    "Input": {"n": 2},
    "Output": {"total": 4},
}


def compile_flow(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "flow.py"
    path.write_text(text, encoding="utf-8")
    return compile_paths([path], tmp_path)


@pytest.mark.parametrize("language", ["JSONata", "JSONPath"])
def test_the_whole_execution_and_the_output_alone(tmp_path: Path, language: str) -> None:
    compiled = compile_flow(tmp_path, FLOW.replace("LANGUAGE", language))
    assert compiled.diagnostics == []
    parent = next(w for w in compiled.workflows if w.name == "Parent")
    tasks = [s for s in parent.definition["States"].values() if s["Type"] == "Task"]
    assert {t["Resource"] for t in tasks} == {"arn:aws:states:::states:startExecution.sync:2"}
    mocks = {"run = child.invoke": result(DESCRIBED), "plain = child": result(DESCRIBED)}
    execution = run_workflow(parent.definition, {"n": 2}, mocks)
    assert execution.output == {"status": "SUCCEEDED", "total": 4, "plain": {"total": 4}}


def test_a_field_describe_execution_does_not_have_is_an_error(tmp_path: Path) -> None:
    text = FLOW.replace("LANGUAGE", "JSONata").replace('run["Status"]', 'run["Stauts"]')
    (problem,) = compile_flow(tmp_path, text).diagnostics
    assert problem.code == "FD162" and "'Stauts'" in problem.message
    assert problem.hint and "Status" in problem.hint


def test_another_attribute_of_a_workflow_is_no_call(tmp_path: Path) -> None:
    text = FLOW.replace("LANGUAGE", "JSONata").replace("child.invoke(order)", "child.start(order)")
    (problem,) = compile_flow(tmp_path, text).diagnostics
    assert problem.code == "FD135"
