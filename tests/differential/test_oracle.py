"""The differential harness itself: it must see a wrong definition, and the generator must keep
producing every construct it is meant to cover."""

from __future__ import annotations

import copy
import re
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.differential import oracle
from tests.differential.generator import Program, programs
from tests.differential.generator_jsonpath import JsonPathGen
from tests.differential.oracle import check
from tests.differential.runtime import (
    InvalidProgram,
    compile_program,
    run_asl,
    run_python,
    same,
)

INPUT: dict[str, Any] = {
    "n": 5,
    "s": "a",
    "xs": [1, 2],
    "ws": [],
    "flag": False,
    "r": {"v": 1, "s": "x"},
}

BRANCHING = """@workflow
def flow(inp):
    if inp["n"] > 3:
        return inc(inp["n"])
    return "small"
"""


def test_python_side_runs_parallel_try_and_fail() -> None:
    source = """@workflow
def flow(inp):
    def one():
        return inc(1)
    def two():
        return shout("a")
    a, b = parallel(one, two)
    try:
        check(-1)
    except Negative as e:
        c = e["Cause"]
    if a > 1:
        raise Fail("Custom.Bad", c)
    return a
"""
    outcome = run_python(source, INPUT)
    assert (outcome.error, outcome.cause) == ("Custom.Bad", "negative: -1")
    assert outcome.calls == [("inc", 1), ("shout", "a"), ("check", -1)]


def test_python_side_rejects_a_program_python_cannot_run() -> None:
    with pytest.raises(InvalidProgram, match="TypeError"):
        run_python('@workflow\ndef flow(inp):\n    return 1 + "a"\n', INPUT)
    # `except Exception` in a generated program must not swallow a Python mistake.
    with pytest.raises(InvalidProgram, match="KeyError"):
        run_python(
            '@workflow\ndef flow(inp):\n    try:\n        x = inp["nope"]\n'
            "    except Exception:\n        x = 0\n    return x\n",
            INPUT,
        )


def test_a_sabotaged_definition_disagrees() -> None:
    definition = compile_program(BRANCHING)
    assert run_python(BRANCHING, INPUT).agrees_with(run_asl(definition, INPUT))
    swapped = copy.deepcopy(definition)
    (choice,) = [s for s in swapped["States"].values() if s["Type"] == "Choice"]
    choice["Default"], choice["Choices"][0]["Next"] = (
        choice["Choices"][0]["Next"],
        choice["Default"],
    )
    assert not run_python(BRANCHING, INPUT).agrees_with(run_asl(swapped, INPUT))


def test_a_wrong_payload_disagrees_through_the_calls() -> None:
    definition = compile_program(BRANCHING)
    task = next(s for s in definition["States"].values() if s["Type"] == "Task")
    task["Arguments"]["Payload"] = "{% $inp.n + 0 %}"
    assert run_python(BRANCHING, INPUT).agrees_with(run_asl(definition, INPUT))
    task["Arguments"]["Payload"] = "{% $inp.n + 1 %}"
    assert not run_python(BRANCHING, INPUT).agrees_with(run_asl(definition, INPUT))


def test_check_reports_a_disagreement(monkeypatch: pytest.MonkeyPatch) -> None:
    definition = compile_program(BRANCHING)
    check(BRANCHING, INPUT)
    for state in definition["States"].values():
        if state.get("Output") == "small":
            state["Output"] = "large"
    monkeypatch.setattr(oracle, "compile_program", lambda source: definition)
    with pytest.raises(oracle.Disagreement, match='Python: SUCCEEDED "small"'):
        check(BRANCHING, {**INPUT, "n": 1})


def test_json_equality_tells_booleans_from_numbers() -> None:
    assert same({"a": [1, 2.0]}, {"a": [1.0, 2]})
    assert not same(True, 1)
    assert not same([0], [False])
    assert not same({"a": 1}, {"a": 1, "b": None})


# Every construct the generator is meant to cover, as a pattern of its source.
CONSTRUCTS = {
    "arithmetic": r"\) [-+*] ",
    "floor division / modulo": r" (//|%) -?\d",
    "comparison": r" (<|<=|>|>=|==|!=) ",
    "and / or / not": r"\b(and|or|not)\b",
    "string concatenation": r'\+ "',
    "f-string": r'f"',
    "list literal": r"\[-?\d+, ",
    "dict literal": r'\{"v": ',
    "indexing": r"\]\[-?\d\] if len",
    "slicing": r"\[-?\d?:-?\d?\]",
    "in": r" in \w",
    "conditional expression": r"\) if .* else ",
    "if / elif / else": r"^\s*elif ",
    "while with a counter": r"^\s*while \w+ < \d",
    "while True": r"^\s*while True:",
    "break": r"^\s*break$",
    "continue": r"^\s*continue$",
    "for loop (Map)": r"^\s*for \w+ in ",
    "for enumerate": r"^\s*for \w+, \w+ in enumerate\(",
    "pure comprehension": r"\[[^\[\]]* for \w+ in [^\]]*\]",
    "service comprehension": r"= \[(inc|twice|check|shout|box)\(\w+\) for ",
    "try / except": r"^\s*except \w+:",
    "except as": r"^\s*except .* as e\d+:",
    "except Exception / States.ALL": r"^\s*except (Exception|States\.ALL)",
    "re-raise": r"^\s*raise$",
    "raise Fail": r"raise Fail\(",
    "failing mock": r"\b(check|boom)\(",
    "parallel": r"= parallel\(",
    "return parallel": r"return parallel\(",
    "wait": r"wait\(seconds=0\)",
    "tuple assignment": r"^\s*\w+, \w+ = ",
    "early return": r"^\s{8,}return \{",
}


# The JSONPath generator keeps to paths, intrinsics and Choice rules: a subset of the above.
JSONPATH_CONSTRUCTS = [
    "comparison",
    "and / or / not",
    "string concatenation",
    "f-string",
    "dict literal",
    "in",
    "if / elif / else",
    "while with a counter",
    "while True",
    "break",
    "continue",
    "for loop (Map)",
    "for enumerate",
    "service comprehension",
    "try / except",
    "except as",
    "except Exception / States.ALL",
    "re-raise",
    "raise Fail",
    "failing mock",
    "parallel",
    "return parallel",
    "wait",
    "tuple assignment",
    "early return",
]


@pytest.mark.parametrize(
    ("generator", "constructs"),
    [(None, list(CONSTRUCTS)), (JsonPathGen, JSONPATH_CONSTRUCTS)],
    ids=["JSONata", "JSONPath"],
)
def test_generator_covers_every_construct(
    generator: type[JsonPathGen] | None, constructs: list[str]
) -> None:
    seen: Counter[str] = Counter()

    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(programs(generator=generator))
    def collect(program: Program) -> None:
        compile(program.source, "<generated>", "exec")  # every program is valid Python
        for name, pattern in CONSTRUCTS.items():
            if re.search(pattern, program.source, re.MULTILINE):
                seen[name] += 1

    collect()
    missing = [name for name in constructs if not seen[name]]
    assert not missing, f"the generator no longer produces: {missing}"
