"""The fast JSONata recogniser agrees with jsonata-python on every expression it accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonata import parser

from flowdsl.validate.jsonata_expr import (
    BUILTIN_FUNCTIONS,
    JsonataSyntaxError,
    _walk,
    expression_variables,
)
from flowdsl.validate.jsonata_subset import subset_variables
from tests.validate.conftest import VALID, load

HANDWRITTEN = [
    "$states.input.total > 10 and $order.status = 'OK'",
    "(($score.value > 90) and $not($boolean($score.flagged)))",
    "($t := $order; $type($t) = 'string' ? $contains($t, \"x\") : $t.a)",
    "{'a': $x, \"b\": [1, 2, $y], 'c': {}}",
    "$states.input.items[price > $min].sku",
    "$count($states.result) + -1",
    "$x ? 1 : 2",
    "a.b.*.c",
    "$sum(items.(price * qty))",
    "$string($states.context.Execution.Id) & '-' & $uuid()",
    '\'it\\\'s\' & "say \\"hi\\"" & "\\u00e9"',
    "(a; b;)",
    "[]",
    "$ = $$",
    "x in [1, 2]",
    "-(-1)",
    "1e3 * 2.5E-2",
    "function($v){ $v * 2 }",
    "$map($a, function($v, $i){ $v + $i + $k })",
    "function(){ 1 }",
    # outside the subset (the recogniser must say so, or agree):
    "function($v)<n:n>{ $v }",
    "function($v,){ $v }",
    "function(a){ a }",
    "items^(price)",
    "$a ~> $b()",
    "[1..5]",
    "a[]",
    "/ab+/",
    "$.**",
    "a.%.b",
    "1 +",
    "$foo(",
    "{ 'a': }",
    "'unterminated",
    '"\\u12"',
    "a and",
    "(;)",
    "$x :=",
    "a.true",
    "true.a",
    "1 .a",
    "function . true",
    "a[true].b",
]


def _expressions_in_corpus() -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str) and value.startswith("{%") and value.endswith("%}"):
            found.append(value[2:-2])
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for path in VALID:
        walk(load(path))
    snapshots = Path(__file__).resolve().parents[1] / "compiler" / "__snapshots__"
    for path in sorted(snapshots.rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return found


EXPRESSIONS = sorted(set(HANDWRITTEN + _expressions_in_corpus()))


def _reference(expr: str) -> frozenset[str] | None:
    try:
        ast = parser.Parser().parse(expr)
    except Exception:
        return None
    used: set[str] = set()
    bound: set[str] = set()
    _walk(ast, used, bound, set(), parser.Parser.Symbol)
    return frozenset(used - bound)


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_subset_agrees_with_jsonata_python(expr: str) -> None:
    mine = subset_variables(expr)
    if mine is None:
        return  # outside the subset: the real parser decides
    used, bound = mine
    assert _reference(expr) == used - bound, "the recogniser accepted text the parser rejects"


def test_subset_covers_most_generated_expressions() -> None:
    generated = _expressions_in_corpus()
    covered = [e for e in generated if subset_variables(e) is not None]
    assert len(covered) >= 0.8 * len(generated)


_PIECES = [
    "function", "$v", "$x", "$y", "$", "$$", "$f(", "a", "b", "1", "-", "+", "*", "/", "%", "&", "=", "!=", "<", ">=",
    "and", "or", "in", "?", ":", ":=", ";", ",", ".", "(", ")", "[", "]", "{", "}", "'s'", '"t"',
    "true", "null", "*", "$x.a", "a.b", "$x.true", "0", "1.5",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=9), st.sampled_from([" ", ""]))
def test_fast_paths_never_accept_what_the_parser_rejects(pieces: list[str], glue: str) -> None:
    expr = glue.join(pieces)
    mine = subset_variables(expr)
    if mine is not None:
        used, bound = mine
        assert _reference(expr) == used - bound
    reference = _reference(expr)
    expression_variables.cache_clear()
    if reference is None:
        with pytest.raises(JsonataSyntaxError):
            expression_variables(expr)
    else:
        assert expression_variables(expr) == reference - BUILTIN_FUNCTIONS
