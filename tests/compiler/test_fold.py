"""Folding: assignments ride on the Assign/Output of a neighbouring state where ASL means the
same, so a workflow enters no more states than a hand-writer's would. What each fold keeps
(behaviour) is checked by running the definition; tests/differential checks it at random."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from flowdsl.compiler import compile_paths
from flowdsl.testing import error, lambda_payload, run_workflow

HEADER = """\
from flowdsl import Function, States, workflow

fn = Function("fn")
other = Function("other")


@workflow(query_language="{language}")
def flow(order):
"""


def compile_body(tmp_path: Path, body: str, language: str = "JSONata") -> dict[str, Any]:
    path = tmp_path / "flow.py"
    source = HEADER.format(language=language) + textwrap.indent(textwrap.dedent(body), "    ")
    path.write_text(source, encoding="utf-8")
    result = compile_paths([path], tmp_path)
    assert not result.diagnostics, result.diagnostics[0].format()
    definition: dict[str, Any] = result.workflows[0].definition
    return definition


BOTH = pytest.mark.parametrize("language", ["JSONata", "JSONPath"])


@BOTH
def test_the_input_is_bound_on_the_first_state(tmp_path: Path, language: str) -> None:
    definition = compile_body(tmp_path, "x = fn(order)\nreturn other(order)\n", language)
    assert list(definition["States"]) == ["x = fn", "return other"]
    execution = run_workflow(
        definition,
        {"id": 7},
        {"x = fn": lambda_payload(1), "return other": lambda_payload("ok")},
    )
    execution.assert_succeeded(output="ok")
    assert execution.arguments_of("x = fn")[0]["Payload"] == {"id": 7}
    assert execution.arguments_of("return other")[0]["Payload"] == {"id": 7}


def test_assignments_after_a_task_join_its_assign(tmp_path: Path) -> None:
    definition = compile_body(
        tmp_path,
        """
        x = fn(order)
        y = x["a"]
        z = [y, order["id"]]
        return other({"y": y, "z": z})
        """,
    )
    assert list(definition["States"]) == ["x = fn", "return other"]
    # y reads x, assigned by the same state: written as the Task's own result.
    assert definition["States"]["x = fn"]["Assign"]["y"] == "{% $states.result.Payload.a %}"
    execution = run_workflow(
        definition,
        {"id": 7},
        {"x = fn": lambda_payload({"a": 1}), "return other": lambda_payload("ok")},
    )
    assert execution.arguments_of("return other")[0]["Payload"] == {"y": 1, "z": [1, 7]}


def test_a_return_after_a_task_is_its_output(tmp_path: Path) -> None:
    definition = compile_body(tmp_path, 'x = fn(order)\nreturn {"x": x, "id": order["id"]}\n')
    assert list(definition["States"]) == ["x = fn"]
    assert definition["States"]["x = fn"]["Output"] == {
        "x": "{% $states.result.Payload %}",
        "id": "{% $states.input.id %}",
    }
    assert "Assign" not in definition["States"]["x = fn"]  # nothing runs after: unread


def test_jsonpath_merges_independent_assignments_only(tmp_path: Path) -> None:
    definition = compile_body(
        tmp_path,
        """
        a = f"id {order['id']}"
        b = len(order["items"])
        c = a + "!"
        return fn({"a": a, "b": b, "c": c})
        """,
        "JSONPath",
    )
    # Four assignments and the input in two Pass states: an entry never reads a variable its
    # own state assigns (ASL evaluates them all against the values before the state).
    passes = [s for s in definition["States"].values() if s["Type"] == "Pass"]
    assert len(passes) == 2
    for state in passes:
        assigned = {key.removesuffix(".$") for key in state["Assign"]}
        for value in state["Assign"].values():
            assert not any(f"${name}" in str(value) for name in assigned)
    execution = run_workflow(
        definition, {"id": 3, "items": [1, 2]}, {"return fn": lambda_payload("ok")}
    )
    execution.assert_succeeded(output="ok")
    assert execution.arguments_of("return fn")[0]["Payload"] == {"a": "id 3", "b": 2, "c": "id 3!"}


def test_a_named_state_is_kept(tmp_path: Path) -> None:
    definition = compile_body(tmp_path, "x = fn(order)\ny = 1  # state: Keep Me\nreturn other(y)\n")
    assert list(definition["States"]) == ["x = fn", "Keep Me", "return other"]


def test_a_failing_value_does_not_move_under_a_catch(tmp_path: Path) -> None:
    body = """
        try:
            x = fn(order)
        except States.ALL:
            return "caught"
        y = int(x)
        return other(y)
        """
    definition = compile_body(tmp_path, body)
    # int(x) can fail; folded into the Task, its failure would reach the Catch.
    assert "Set y" in definition["States"]
    execution = run_workflow(definition, {}, {"x = fn": lambda_payload("not a number")})
    assert execution.status == "FAILED"


def test_a_handler_assignment_joins_the_catch(tmp_path: Path) -> None:
    body = """
        try:
            x = fn(order)
        except States.ALL as e:
            x = {"failed": e["Error"]}
        return other(x)
        """
    for language in ("JSONata", "JSONPath"):
        definition = compile_body(tmp_path, body, language)
        assert list(definition["States"]) == ["x = fn", "return other"]
        execution = run_workflow(
            definition, {}, {"x = fn": error("Boom", "c"), "return other": lambda_payload(1)}
        )
        assert execution.arguments_of("return other")[0]["Payload"] == {"failed": "Boom"}


def test_a_pass_after_a_state_that_assigns_its_output_passes_its_input_on(
    tmp_path: Path,
) -> None:
    definition = compile_body(tmp_path, "x = fn(order)\nreturn x  # state: Done Here\n")
    assert definition["States"]["Done Here"] == {"Type": "Pass", "End": True}
    assert "Assign" not in definition["States"]["x = fn"]
    execution = run_workflow(definition, {}, {"x = fn": lambda_payload({"r": 1})})
    execution.assert_succeeded(output={"r": 1})


def test_an_unread_assignment_leaves_no_state(tmp_path: Path) -> None:
    definition = compile_body(
        tmp_path,
        """
        if order["a"]:
            unused = 1
        return fn(order)
        """,
    )
    choice = next(s for s in definition["States"].values() if s["Type"] == "Choice")
    assert choice["Choices"][0]["Next"] == "return fn"
    assert "Set unused" not in definition["States"]


@BOTH
def test_an_if_arm_assignment_joins_its_choice_rule(tmp_path: Path, language: str) -> None:
    body = """
        if order["n"] > 1:
            label = "many"
        else:
            label = "few"
        return fn({"label": label, "n": order["n"]})
        """
    definition = compile_body(tmp_path, body, language)
    choice = next(s for s in definition["States"].values() if s["Type"] == "Choice")
    assert choice["Choices"][0]["Next"] == "return fn"  # straight on: no Pass in between
    assert choice["Choices"][0]["Assign"]["label"] == "many"
    for n, label in ((2, "many"), (1, "few")):
        execution = run_workflow(definition, {"n": n}, {"return fn": lambda_payload("ok")})
        assert execution.arguments_of("return fn")[0]["Payload"] == {"label": label, "n": n}


def test_jsonpath_keeps_a_constant_that_a_path_field_reads(tmp_path: Path) -> None:
    # Found by the differential tests: ItemsPath takes a path, never a literal list.
    definition = compile_body(
        tmp_path, "items = [1, 2]\nreturn [fn(item) for item in items]\n", "JSONPath"
    )
    assert definition["States"]["Set items"]["Assign"] == {"items": [1, 2]}
    execution = run_workflow(definition, {}, {"fn": lambda_payload(0)})
    execution.assert_succeeded(output=[0, 0])
