"""Differences from Python the compiler can see are warnings at their file:line:col
(frontend/differences.py): the workflow still compiles, `compile --check` still passes, and a
line's `# flowdsl: ignore[CODE]` silences one."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from flowdsl.compiler import compile_paths
from flowdsl.errors import Diagnostic
from flowdsl.testing import run_workflow
from tests.conftest import run_flowdsl

HEADER = """\
import json

from flowdsl import workflow

BIG = 12345678901234567890
SMALL = 9007199254740992


@workflow
def flow(order):
"""
BODY_LINE = HEADER.count("\n") + 1


def compile_body(tmp_path: Path, body: str) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(errors, warnings) of a workflow with this body."""
    path = tmp_path / "flow.py"
    path.write_text(HEADER + textwrap.indent(body, "    ") + "\n", encoding="utf-8")
    result = compile_paths([path], tmp_path)
    return result.diagnostics, [w for wf in result.workflows for w in wf.warnings]


# (body, code, line offset in body, column)
WARNED = [
    ("x = str(order['a'] / 3)\nreturn x", "FD181", 0, 9),
    ("x = str(24.0)\nreturn x", "FD181", 0, 9),
    ("x = f\"total {order['a'] * 0.5}\"\nreturn x", "FD181", 0, 9),
    ("x = str(abs(float(order['a'])))\nreturn x", "FD181", 0, 9),
    ("return {'id': 9007199254740993}", "FD182", 0, 19),
    ("return {'id': -9007199254740993}", "FD182", 0, 20),
    ("return {'id': BIG}", "FD182", 0, 19),
    ("x = round(order['a'], 2)\nreturn x", "FD183", 0, 9),
    ("x = round(order['a'], ndigits=1)\nreturn x", "FD183", 0, 9),
    ("x = f\"{order['a'] / 2:.2f}\"\nreturn x", "FD183", 0, 9),
    ("x = (order['a'] > 1) == 1\nreturn x", "FD184", 0, 9),
    ("if len(order['items']) != True:\n    return 1\nreturn 2", "FD184", 0, 8),
]

# Nothing the compiler can see differs from Python here.
QUIET = [
    "x = str(order['a'])\nreturn x",  # the type is not known: no guess
    "x = str(len(order['items']) + 1)\nreturn x",  # whole numbers write as Python writes them
    "x = f\"{order['n']:05d} {order['a'] / 2}\"  # flowdsl: ignore[FD181]\nreturn x",
    "x = round(order['a'])\nreturn x",  # to a whole number: halves to even, as Python
    "x = order['flag'] == True\nreturn x",
    "x = order['n'] == 1\nreturn x",
    "x = 1 in order['items']\nreturn x",
    "return {'id': SMALL, 'neg': -9007199254740992}",
    "x = round(order['a'], 2)  # state: Round  # flowdsl: ignore[FD183]\nreturn x",
]


@pytest.mark.parametrize(("body", "code", "offset", "column"), WARNED)
def test_a_visible_difference_is_a_warning_at_its_place(
    tmp_path: Path, body: str, code: str, offset: int, column: int
) -> None:
    errors, warnings = compile_body(tmp_path, body)
    assert errors == []
    assert [(w.code, w.severity) for w in warnings] == [(code, "warning")]
    (warning,) = warnings
    assert warning.location is not None
    assert (warning.location.line, warning.location.column) == (BODY_LINE + offset, column)
    assert warning.hint  # what to write instead, or how to say it is meant


@pytest.mark.parametrize("body", QUIET)
def test_no_warning_where_python_agrees_or_the_line_says_so(tmp_path: Path, body: str) -> None:
    assert compile_body(tmp_path, body) == ([], [])


def test_ignoring_one_code_keeps_the_others(tmp_path: Path) -> None:
    body = "x = str(round(order['a'] / 3, 2))  # flowdsl: ignore[FD183]\nreturn x"
    _, warnings = compile_body(tmp_path, body)
    assert [w.code for w in warnings] == ["FD181"]


def test_warnings_come_once_each_in_source_order(tmp_path: Path) -> None:
    body = "b = (order['a'] > 1) == 1\na = str(1.5)\nc = 9007199254740993\nreturn [a, b, c, a]"
    _, warnings = compile_body(tmp_path, body)
    assert [(w.code, w.location.line) for w in warnings if w.location] == [
        ("FD184", BODY_LINE),
        ("FD181", BODY_LINE + 1),
        ("FD182", BODY_LINE + 2),
    ]


def test_the_warned_differences_are_real(tmp_path: Path) -> None:
    """What each warning says, seen in the runner (Python's answer beside it)."""
    body = (
        "return {'text': str(order['a'] + 0.2), 'round': round(order['r'], 2), "
        "'same': (order['a'] > 0) == 1}"
    )
    path = tmp_path / "flow.py"
    path.write_text(HEADER + textwrap.indent(body, "    ") + "\n", encoding="utf-8")
    (workflow,) = compile_paths([path], tmp_path).workflows
    output = run_workflow(workflow.definition, {"a": 0.1, "r": 2.675}).output
    assert output == {"text": "0.3", "round": 2.68, "same": False}
    assert (str(0.1 + 0.2), round(2.675, 2), (0.1 > 0) == 1) == ("0.30000000000000004", 2.67, True)


def test_warnings_do_not_fail_check_and_survive_the_records(tmp_path: Path) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "flow.py").write_text(
        HEADER + "    return {'ratio': str(order['a'] / 3)}\n", encoding="utf-8"
    )
    compiled = run_flowdsl(tmp_path, "compile")
    assert compiled.returncode == 0, compiled.stderr
    assert f"flows/flow.py:{BODY_LINE}:22: warning[FD181]" in compiled.stderr
    # The second run reads the module's record instead of compiling it: the same warning.
    checked = run_flowdsl(tmp_path, "compile", "--check", "--format", "json")
    assert checked.returncode == 0, checked.stderr
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["code"], f["severity"], f["line"], f["column"]) for f in findings] == [
        ("FD181", "warning", BODY_LINE, 22)
    ]
