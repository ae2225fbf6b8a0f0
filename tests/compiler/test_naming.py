"""State names: chosen with `# state:` comments, derived from the source otherwise, and stable
when an unrelated step is inserted (a reviewer's diff shows only what changed)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from flowdsl.compiler import compile_paths

HEADER = """\
from flowdsl import Function, workflow

fn = Function("fn")
other = Function("other")


@workflow
def flow(order):
"""


def names(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "flow.py"
    path.write_text(HEADER + textwrap.indent(textwrap.dedent(body), "    "), encoding="utf-8")
    result = compile_paths([path], tmp_path)
    assert not result.diagnostics, result.diagnostics[0].format()
    return list(result.workflows[0].definition["States"])


def test_default_names_come_from_the_source(tmp_path: Path) -> None:
    assert names(
        tmp_path,
        """
        x = fn(order)
        if x["ok"]:
            y = 1
        else:
            y = x["n"]
        return other(y)
    """,
    ) == ["x = fn", 'if x["ok"]', "Set y 2", "return other"]  # `y = 1` rides on the rule


def test_inserting_a_step_does_not_rename_others(tmp_path: Path) -> None:
    before = names(
        tmp_path,
        """
        a = fn(order)
        b = fn(a)
        c = other(b)
    """,
    )
    after = names(
        tmp_path,
        """
        first = other(order)
        a = fn(order)
        b = fn(a)
        c = other(b)
    """,
    )
    assert before == ["a = fn", "b = fn", "c = other"]
    assert after == ["first = other", *before]


def test_repeated_statements_are_numbered_in_source_order(tmp_path: Path) -> None:
    assert names(
        tmp_path,
        """
        x = fn(order)
        x = fn(x)
        x = fn(x)
    """,
    ) == ["x = fn", "x = fn 2", "x = fn 3"]


def test_comment_names_a_state_even_after_a_formatter_moves_it(tmp_path: Path) -> None:
    assert names(
        tmp_path,
        """
        x = fn(
            order,
        )  # state: Fetch Order
        while x["more"]:  # state: More To Do
            x = fn(x)  # state: Fetch More
    """,
    ) == ["Fetch Order", "More To Do", "Fetch More", "Done"]


def test_comment_on_the_def_line_names_the_input_state(tmp_path: Path) -> None:
    source = HEADER.replace("def flow(order):", "def flow(order):  # state: Start")
    path = tmp_path / "flow.py"
    path.write_text(source + "    return fn(order)\n", encoding="utf-8")
    result = compile_paths([path], tmp_path)
    assert list(result.workflows[0].definition["States"]) == ["Start", "return fn"]


def test_long_default_names_fit_the_asl_limit(tmp_path: Path) -> None:
    long_name = "x" * 120
    states = names(tmp_path, f"{long_name} = 1\nreturn {long_name}\n")
    assert all(len(s) <= 80 for s in states)
