"""JSONPath, reference paths, intrinsic functions and JSONata parsing, unit by unit."""

from __future__ import annotations

import re

import pytest

from flowdsl.validate.jsonata_expr import JsonataSyntaxError, expression_variables
from flowdsl.validate.jsonpath import PathError, parse_intrinsic, parse_path


@pytest.mark.parametrize(
    "path",
    [
        "$",
        "$.a.b",
        "$['a b'].c[0]",
        "$.a[*].b",
        "$..x",
        "$.a[?(@.p > 10)]",
        "$.a[1:3]",
        "$.a.length()",
        "$$.Task.Token",
        "$var.x[2]",
    ],
)
def test_valid_paths(path: str) -> None:
    parse_path(path)


@pytest.mark.parametrize("path", ["a.b", "$.a[", "$.a b", "$.", "$.a]"])
def test_invalid_paths(path: str) -> None:
    with pytest.raises(PathError) as exc:
        parse_path(path)
    assert exc.value.code == "ASL600"


@pytest.mark.parametrize("path", ["$.a[*]", "$..a", "$.a[?(@.x)]", "$.a[1:2]", "$.a.length()"])
def test_reference_paths_reject_operators(path: str) -> None:
    with pytest.raises(PathError) as exc:
        parse_path(path, reference=True)
    assert exc.value.code == "ASL601"


def test_path_roots() -> None:
    assert parse_path("$.a").root == "input"
    assert parse_path("$$.Execution.Id").root == "context"
    info = parse_path("$order.id")
    assert (info.root, info.variable) == ("variable", "order")


@pytest.mark.parametrize(
    ("call", "variables"),
    [
        ("States.Format('Hi {} \\{\\}', $.name)", []),
        ("States.UUID()", []),
        ("States.Array($.a, States.UUID(), $x.y, 'it\\'s', 1, true, null)", ["x"]),
        ("States.Hash($.a, 'SHA-256')", []),
        ("States.MathRandom(1, 10)", []),
        ("States.MathRandom(1, 10, 7)", []),
        ("States.JsonToString($.a[0,1])", []),
    ],
)
def test_valid_intrinsics(call: str, variables: list[str]) -> None:
    assert [p.variable for p in parse_intrinsic(call) if p.variable] == variables


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("States.Format('x'", "ASL602"),
        ("States.Format('x') extra", "ASL602"),
        ("States.Format(x)", "ASL602"),
        ("States.Format('{} {}', $.a)", "ASL603"),
        ("States.MathAdd(1)", "ASL603"),
        ("States.UUID(1)", "ASL603"),
        ("States.Nope(1)", "ASL603"),
        ("States.Hash($.a, 'SHA1')", "ASL603"),
    ],
)
def test_invalid_intrinsics(call: str, code: str) -> None:
    with pytest.raises(PathError) as exc:
        parse_intrinsic(call)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("call", "said"),
    [
        # an array argument cannot be a literal: intrinsic literals are strings, numbers, booleans
        ("States.ArrayLength('x')", "must be an array"),
        ("States.ArrayUnique(5)", "must be an array"),
        ("States.ArrayContains(true, 1)", "must be an array"),
        ("States.ArrayPartition('abc', 2)", "must be an array"),
        ("States.JsonMerge($.a, 'x', false)", "must be an object"),
        # a nested call is judged by what it returns
        ("States.MathAdd(States.Format('{}', 1), 1)", "States.Format returns a string"),
        ("States.ArrayLength(States.UUID())", "States.UUID returns a string"),
        ("States.StringSplit(States.Array('a'), ',')", "States.Array returns an array"),
        ("States.ArrayRange(1, States.ArrayContains($.a, 1), 1)", "returns a boolean"),
    ],
)
def test_intrinsic_arguments_of_the_wrong_kind(call: str, said: str) -> None:
    with pytest.raises(PathError, match=re.escape(said)) as exc:
        parse_intrinsic(call)
    assert exc.value.code == "ASL603"


@pytest.mark.parametrize(
    "call",
    [
        "States.ArrayLength(States.StringSplit($.a, ','))",
        "States.MathAdd(States.ArrayLength($.a), 1)",
        "States.JsonMerge($.a, States.StringToJson($.b), false)",
        "States.ArrayGetItem(States.Array(1, 2), States.MathAdd(1, 0))",
        "States.Format('{}', States.Array(1))",
    ],
)
def test_intrinsic_arguments_of_the_right_kind(call: str) -> None:
    parse_intrinsic(call)


@pytest.mark.parametrize(
    ("expr", "variables"),
    [
        ("$x.a", {"x"}),
        ("($y := 1; $string($y) & $z)", {"z"}),
        ("$map($items, function($v){ $v * $factor })", {"items", "factor"}),
        ("items@$i#$j.($i + $j + $k)", {"k"}),
        ("$states.input.total > 10", {"states"}),
        ("'literal'", set()),
    ],
)
def test_jsonata_variables(expr: str, variables: set[str]) -> None:
    assert expression_variables(expr) == variables


@pytest.mark.parametrize("expr", ["1 +", "$foo(", "", "{ 'a': }"])
def test_jsonata_syntax_errors(expr: str) -> None:
    with pytest.raises(JsonataSyntaxError):
        expression_variables(expr)
