"""The low-level form, `asl_states(...)` / `asl_state(...)`: literal ASL in a workflow, in both
query languages; its errors at the Python line, its IAM, and how it runs offline."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flowdsl.compiler import compile_paths
from flowdsl.errors import Diagnostic
from flowdsl.testing import error, result, run_workflow
from flowdsl.validate import validate_definition

HEADER = """\
from flowdsl import Fail, Function, Table, asl_state, asl_states, workflow

fn = Function("fn")
orders = Table("Orders")
SUB = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}

"""

JSONPATH = """
@workflow(query_language="JSONPath")
def literal_jsonpath(order):
    limit = 3
    picked = asl_states(
        {
            "StartAt": "Pick",
            "States": {
                "Pick": {
                    "Type": "Pass",
                    "Parameters": {"id.$": "$.id", "limit.$": "$limit"},
                    "Next": "Load",
                },
                "Load": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::dynamodb:getItem",
                    "Parameters": {"TableName": "${OrdersTableName}", "Key": {"id": {"S.$": "$.id"}}},
                    "ResultSelector": {"item.$": "$.Item", "limit.$": "$limit"},
                    "End": True,
                },
            },
        },
        input=order,
    )
    try:
        checked = asl_state(
            "Check",
            {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "${FnFunctionArn}", "Payload.$": "$"},
                "OutputPath": "$.Payload",
            },
            input={"picked": picked, "total": order["total"]},
        )
    except Exception as problem:
        return {"failed": problem["Error"]}
    return {"picked": picked, "checked": checked}
"""

JSONATA = """
@workflow
def literal_jsonata(order):
    limit = 3
    early = asl_states(
        {
            "StartAt": "Small?",
            "States": {
                "Small?": {
                    "Type": "Choice",
                    "Choices": [{"Condition": "{% $states.input.total < $limit %}", "Next": "Small"}],
                    "Default": "Big",
                },
                "Small": {"Type": "Succeed", "Output": {"size": "small"}},
                "Big": {"Type": "Pass", "Output": {"size": "big", "n": "{% $states.input.total %}"}, "End": True},
            },
        },
        input=order,
    )
    return {"early": early, "after": True}
"""


def write(tmp_path: Path, body: str, name: str = "flow.py") -> Path:
    path = tmp_path / "flows" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def compiled(tmp_path: Path, body: str) -> dict[str, Any]:
    result_ = compile_paths([write(tmp_path, body)], tmp_path)
    assert not result_.diagnostics, "\n".join(d.format() for d in result_.diagnostics)
    (workflow,) = result_.workflows
    files = {
        rel: json.loads(text) for rel, text in result_.files().items() if rel.endswith(".json")
    }
    return {"definition": workflow.definition, **files}


def problem(tmp_path: Path, body: str) -> Diagnostic:
    result_ = compile_paths([write(tmp_path, body)], tmp_path)
    assert result_.diagnostics, "expected a compile error"
    return result_.diagnostics[0]


# -- what it compiles to ----------------------------------------------------------------------


def test_jsonpath_literal_golden(tmp_path: Path, json_snapshot: Any) -> None:
    out = compiled(tmp_path, JSONPATH)
    assert validate_definition(out["definition"]) == []
    assert out == json_snapshot


def test_jsonata_literal_golden(tmp_path: Path, json_snapshot: Any) -> None:
    out = compiled(tmp_path, JSONATA)
    assert validate_definition(out["definition"]) == []
    assert out == json_snapshot


def test_literal_states_keep_their_names_and_fields(tmp_path: Path) -> None:
    definition = compiled(tmp_path, JSONPATH)["definition"]
    wrapper = definition["States"]["picked = asl_states"]
    (branch,) = wrapper["Branches"]
    # JSONPath's Parameters is an object: a Pass unwraps the value into `$` of Pick.
    assert set(wrapper["Parameters"]) == {"value.$"}
    assert branch["StartAt"] == "picked = asl_states input"
    assert branch["States"]["Pick"]["Parameters"] == {"id.$": "$.id", "limit.$": "$limit"}
    assert branch["States"]["Load"]["End"] is True
    assert wrapper["Assign"]["picked.$"] == "$[0]"
    # The variable the literal reads by name is assigned before it (not folded away).
    assert any("limit" in (s.get("Assign") or {}) for s in definition["States"].values())
    check = definition["States"]["checked = asl_state"]
    assert check["Branches"][0]["States"]["Check"]["End"] is True
    assert check["Catch"][0]["ErrorEquals"] == ["States.ALL"]


# -- IAM: derived from the literal like any Task ------------------------------------------------


def test_iam_of_a_literal_task_is_least_privilege(tmp_path: Path) -> None:
    policy = compiled(tmp_path, JSONPATH)["LiteralJsonpath/role-policy.json"]
    by_action = {a: s["Resource"] for s in policy["Statement"] for a in s["Action"]}
    assert by_action["dynamodb:GetItem"] == [
        "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders"
    ]
    assert by_action["lambda:InvokeFunction"] == [
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:fn"
    ]
    substitutions = compiled(tmp_path, JSONPATH)["LiteralJsonpath/substitutions.json"]
    assert {"OrdersTableName", "FnFunctionArn"} <= set(substitutions)


# -- errors at the Python line ---------------------------------------------------------------

ERRORS = [
    # (body, code, line in body, column, words)
    ("x = asl_states(SUB, inputs=1)", "FD185", 0, 25, "no option 'inputs'"),
    ("x = asl_state(SUB)", "FD185", 0, 9, "2 positional"),
    ('x = asl_state("A", {"Type": "Pass", "Next": "B"})', "FD186", 0, 41, "writes the Next"),
    ('x = asl_state("", {"Type": "Pass"})', "FD185", 0, 19, "1 to 80 characters"),
    ('x = asl_state("C", {"Type": "Choice", "Choices": []})', "FD186", 0, 24, "a Choice"),
    (
        'x = asl_states({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}, "TimeoutSeconds": 5})',
        "FD186",
        0,
        85,
        "belongs to the whole workflow",
    ),
    (
        'x = asl_states({"StartAt": "B", "States": {"A": {"Type": "Pass", "End": True}}})',
        "FD186",
        0,
        21,
        "StartAt must name",
    ),
    (
        'x = asl_states({"StartAt": "A", "States": {"A": "Pass"}})',
        "FD186",
        0,
        9,
        "an object with a Type",
    ),
    (
        'x = asl_states({"StartAt": order["s"], "States": {}})',
        "FD140",
        0,
        32,
        "known at compile time",
    ),
    (
        'count = 1\nx = asl_states({"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"n.$": "$count"}, "End": True}}})',
        "FD187",
        1,
        9,
        "$count_ in ASL",
    ),
    (
        'x = asl_state("A", {"Type": "Pass", "Assign": {"order": 1}})',
        "FD186",
        0,
        9,
        "assigns $order, a variable of the workflow",
    ),
    ("x = asl_states(SUB)\ny = asl_states(SUB)", "FD191", 1, 9, "state name 'A' is used twice"),
    (
        "x = fn(order)  # state: A\ny = asl_states(SUB)",
        "FD191",
        1,
        9,
        "state name 'A' is used twice",
    ),
]


@pytest.mark.parametrize(
    ("body", "code", "offset", "column", "words"), ERRORS, ids=[e[1] + ":" + e[4] for e in ERRORS]
)
def test_error_points_at_the_call(
    tmp_path: Path, body: str, code: str, offset: int, column: int, words: str
) -> None:
    source = "\n@workflow\ndef flow(order):\n" + textwrap.indent(body, "    ") + "\n    return x\n"
    found = problem(tmp_path, source)
    first_line = HEADER.count("\n") + 4
    assert found.code == code, found.format()
    assert found.location is not None
    assert (found.location.path, found.location.line, found.location.column) == (
        "flows/flow.py",
        first_line + offset,
        column,
    ), found.format()
    assert words in found.message + (found.hint or ""), found.format()


# The validator checks the literal when `flowdsl compile` writes the definition (the build's
# verify step), and reports it at the call.
INVALID = [
    (
        'x = asl_states({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}})',
        "ASL201",
        "'Nowhere' is not a state",
    ),
    (
        'x = asl_state("T", {"Type": "Pass", "Bogus": 1})',
        "ASL102",
        "'Bogus'",
    ),
    (
        'x = asl_state("F", {"Type": "Fail", "Error": "E", "End": True})',
        "FD186",
        "writes the End",
    ),
]


@pytest.mark.parametrize(("body", "code", "words"), INVALID, ids=[i[1] for i in INVALID])
def test_cli_reports_invalid_literal_at_the_call_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, code: str, words: str
) -> None:
    from click.testing import CliRunner

    from flowdsl.cli.main import cli

    source = "\n@workflow\ndef flow(order):\n    " + body + "\n    return x\n"
    write(tmp_path, source)
    (tmp_path / "pyproject.toml").write_text("[tool.flowdsl]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    outcome = CliRunner().invoke(cli, ["compile"])
    assert outcome.exit_code == 2, outcome.output
    line = HEADER.count("\n") + 4
    assert f"flows/flow.py:{line}:" in outcome.output
    assert f"error[{code}]" in outcome.output and words in outcome.output
    assert "Traceback" not in outcome.output
    assert not (tmp_path / "generated" / "Flow").exists()


# -- how it runs -------------------------------------------------------------------------------


def test_jsonpath_run_passes_input_and_binds_the_result(tmp_path: Path) -> None:
    definition = compiled(tmp_path, JSONPATH)["definition"]
    execution = run_workflow(
        definition,
        {"id": "7", "total": 12},
        mocks={"Load": result({"Item": {"id": {"S": "7"}}}), "Check": result({"Payload": "ok"})},
    )
    execution.assert_succeeded(
        output={"picked": {"item": {"id": {"S": "7"}}, "limit": 3}, "checked": "ok"}
    )
    assert execution.arguments_of("Load")[0]["Key"] == {"id": {"S": "7"}}
    assert execution.arguments_of("Check")[0]["Payload"] == {
        "picked": {"item": {"id": {"S": "7"}}, "limit": 3},
        "total": 12,
    }


def test_an_error_in_a_literal_is_caught_by_try_except(tmp_path: Path) -> None:
    definition = compiled(tmp_path, JSONPATH)["definition"]
    execution = run_workflow(
        definition,
        {"id": "7", "total": 12},
        mocks={"Load": result({"Item": {}}), "Check": error("Lambda.Unknown", "boom")},
    )
    execution.assert_succeeded(output={"failed": "Lambda.Unknown"})


def test_an_uncaught_error_fails_the_workflow_with_its_name(tmp_path: Path) -> None:
    definition = compiled(tmp_path, JSONPATH)["definition"]
    execution = run_workflow(
        definition, {"id": "7", "total": 1}, mocks={"Load": error("DynamoDB.Boom", "gone")}
    )
    assert (execution.status, execution.error) == ("FAILED", "DynamoDB.Boom")


@pytest.mark.parametrize(
    ("total", "output"), [(1, {"size": "small"}), (5, {"size": "big", "n": 5})]
)
def test_jsonata_succeed_ends_the_literal_not_the_workflow(
    tmp_path: Path, total: int, output: dict[str, Any]
) -> None:
    definition = compiled(tmp_path, JSONATA)["definition"]
    execution = run_workflow(definition, {"total": total})
    execution.assert_succeeded(output={"early": output, "after": True})
