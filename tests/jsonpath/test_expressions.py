"""The JSONPath renderer on IR nodes: paths, intrinsics, Choice rules, and what it rejects."""

from __future__ import annotations

import random
from typing import Any

import pytest

from flowdsl.asl.jsonpath import JsonPathDialect
from flowdsl.asl.jsonpath_choice import JsonPathConditions
from flowdsl.asl.jsonpath_expr import (
    INTRINSIC_BUILTINS,
    Dyn,
    JsonPathExpressions,
    Lit,
    literal_argument,
    quote,
)
from flowdsl.errors import CompileError, InternalError, SourceLocation
from flowdsl.ir import expr as ir
from flowdsl.run.intrinsics import Intrinsics
from flowdsl.run.scope import Scope

LOC = SourceLocation("flows/x.py", 7, 5)
x = ir.Var("x")


def deep(levels: int) -> ir.Expr:
    node: ir.Expr = ir.Var("x")
    for _ in range(levels):
        node = ir.Builtin("base64.encode", (node,))
    return node


def render(node: ir.Expr, root: Any = "input") -> Any:
    return JsonPathExpressions(root, LOC).render(node)


def evaluate(text: str, variables: dict[str, Any]) -> Any:
    """What the project's offline runner computes for an intrinsic call."""
    scope = Scope()
    scope.values.update(variables)
    return Intrinsics(random.Random(0)).evaluate(text, {}, {}, scope)


def test_paths() -> None:
    assert render(ir.Field(ir.Field(x, "a"), "b")) == Dyn("$x.a.b", path=True)
    assert render(ir.Field(x, "it's odd")) == Dyn("$x['it\\'s odd']", path=True)
    assert render(ir.Index(x, ir.Const(2))) == Dyn("$x[2]", path=True)
    assert render(ir.Index(x, ir.Const("k"))) == Dyn("$x.k", path=True)
    assert render(ir.ContextPath(("Task", "Token"))) == Dyn("$$.Task.Token", path=True)
    assert render(ir.StateResult(), "result") == Dyn("$", path=True)
    assert render(ir.Field(ir.ErrorOutput(), "Cause"), "error") == Dyn("$.Cause", path=True)


def test_the_root_must_match_the_field() -> None:
    with pytest.raises(InternalError):
        render(ir.StateInput(), "result")


def test_literals_inside_intrinsics() -> None:
    assert quote("a'b{c}\\d") == "'a\\'b\\{c\\}\\\\d'"
    assert literal_argument(None) == "States.StringToJson('null')"
    assert literal_argument({"a": [1]}) == ("States.StringToJson(States.Format('\\{\"a\":[1]\\}'))")
    assert literal_argument([1, None]) == "States.Array(1, States.StringToJson('null'))"
    assert literal_argument(True) == "true" and literal_argument(1.5) == "1.5"
    assert literal_argument("a{b}") == "States.Format('a\\{b\\}')"
    assert evaluate(f"States.Array({literal_argument('a{}b')}, 'c')", {}) == ["a{}b", "c"]


@pytest.mark.parametrize(
    ("node", "variables", "expected"),
    [
        (ir.Binary("+", x, ir.Const(2), "number"), {"x": 5}, 7),
        (ir.Binary("-", x, ir.Const(2), "number"), {"x": 5}, 3),
        (ir.Binary("+", x, ir.Const("!"), "string"), {"x": "hi"}, "hi!"),
        (ir.Index(x, ir.Const(-1)), {"x": [1, 2, 3]}, 3),
        (ir.Index(x, ir.Var("i")), {"x": [1, 2, 3], "i": 1}, 2),
        (ir.Format((ir.Const("{a} "), x, ir.Const("'"))), {"x": 3}, "{a} 3'"),
        (ir.Builtin("str", (x,)), {"x": 2.5}, "2.5"),
        (ir.Builtin("method.split", (x,)), {"x": " a\tb\n c "}, ["a", "b", "c"]),
        (ir.Compare("in", x, ir.Var("xs"), "array"), {"x": 2, "xs": [1, 2]}, True),
        (
            ir.ListOf((x, ir.Const(None), ir.Const({"k": {}}), ir.Const([1, [2]]))),
            {"x": 1},
            [1, None, {"k": {}}, [1, [2]]],
        ),
        (
            ir.ObjectOf((("a", x), ("b", ir.ObjectOf((("c", ir.Const([1])), ("d", x)))))),
            {"x": "v'{}"},
            {"a": "v'{}", "b": {"c": [1], "d": "v'{}"}},
        ),
        (ir.Builtin("json.loads", (x,)), {"x": '{"a":1}'}, {"a": 1}),
        (ir.Builtin("json.dumps", (x,)), {"x": {"a": 1}}, '{"a":1}'),
        (ir.Builtin("merge", (x, ir.Var("y"))), {"x": {"a": 1}, "y": {"b": 2}}, {"a": 1, "b": 2}),
        (ir.Builtin("range", (ir.Const(1), x, ir.Const(2))), {"x": 5}, [1, 3, 5]),
        (ir.Builtin("unique", (x,)), {"x": [1, 1, 2]}, [1, 2]),
        (ir.Builtin("partition", (x, ir.Const(2))), {"x": [1, 2, 3]}, [[1, 2], [3]]),
        (ir.Builtin("base64.encode", (x,)), {"x": "hi"}, "aGk="),
        (ir.Builtin("base64.decode", (x,)), {"x": "aGk="}, "hi"),
        (ir.Builtin("len", (x,)), {"x": [1, 2]}, 2),
    ],
)
def test_intrinsics_compute_what_python_does(
    node: ir.Expr, variables: dict[str, Any], expected: Any
) -> None:
    rendered = render(node)
    assert isinstance(rendered, Dyn) and not rendered.path
    assert evaluate(rendered.text, variables) == expected


def test_every_intrinsic_builtin_renders() -> None:
    for name, (intrinsic, low, _, _) in INTRINSIC_BUILTINS.items():
        rendered = render(ir.Builtin(name, tuple(ir.Var(f"a{i}") for i in range(low))))
        assert isinstance(rendered, Dyn) and rendered.text.startswith(intrinsic + "("), name
    assert render(ir.Builtin("uuid", ())) == Dyn("States.UUID()")
    assert render(ir.Builtin("hash", (x, ir.Const("SHA-256")))) == Dyn("States.Hash($x, 'SHA-256')")


def test_ten_nested_intrinsics_are_fine() -> None:
    rendered = render(deep(10))
    assert isinstance(rendered, Dyn) and rendered.text.count("States.Base64Encode(") == 10


def test_constants_fold() -> None:
    assert render(ir.Binary("+", ir.Const("a"), ir.Const("b"), "string")) == Lit("ab")
    assert render(ir.Format((ir.Const("n="), ir.Const(True)))) == Lit("n=True")
    assert render(ir.ListOf((ir.Const(1), ir.Const("a")))) == Lit([1, "a"])
    assert render(ir.Builtin("str", (ir.Const(None),))) == Lit("None")


@pytest.mark.parametrize(
    ("node", "words"),
    [
        (ir.Binary("*", x, ir.Const(2), "number"), "multiplication (*)"),
        (ir.Binary("%", x, ir.Const(2), "number"), "remainder (%)"),
        (ir.Binary("+", x, ir.Var("y"), "any"), "+ on values of unknown type"),
        (ir.Binary("+", x, ir.Var("y"), "array"), "joining lists (+, .append(), .extend())"),
        (ir.SetItem(x, ir.Var("k"), ir.Const(1)), "assigning an item by a computed key"),
        (ir.SetItem(x, ir.Const(0), ir.Const(1)), "or a list index"),
        (ir.DeleteItem(x, ir.Const("k")), "'del' of an item"),
        (ir.TypeTest(x, ("string",)), "isinstance() as a value"),
        (ir.Binary("+", x, ir.Const(0.5), "number"), "adding the non-integer 0.5"),
        (ir.Binary("-", x, ir.Var("y"), "number"), "subtracting a value that is not a constant"),
        (ir.Slice(x, ir.Const(1), None), "slicing"),
        (ir.Conditional(x, ir.Const(1), ir.Const(2)), "a conditional expression"),
        (ir.Comprehension(x, "v", x, None), "a comprehension"),
        (ir.Builtin("method.upper", (x,)), ".upper()"),
        (ir.Builtin("round", (x,)), "round()"),
        (ir.Builtin("method.split", (x, ir.Const(","))), "str.split(sep)"),
        (ir.Compare("<", x, ir.Const(1)), "the comparison '<' as a value"),
        (ir.Field(ir.Builtin("json.loads", (x,)), "a"), "reading the field 'a'"),
        (deep(11), "more than 10 nested intrinsic functions"),
    ],
)
def test_what_jsonpath_cannot_say_is_fd180(node: ir.Expr, words: str) -> None:
    with pytest.raises(CompileError) as caught:
        render(node)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "FD180" and diagnostic.location == LOC
    assert words in diagnostic.message and "cannot be written in JSONPath" in diagnostic.message
    assert diagnostic.hint is not None and "JSONata" in diagnostic.hint


def rule(node: ir.Expr) -> dict[str, Any]:
    return JsonPathConditions(JsonPathExpressions("input", LOC)).rule(node)


def test_choice_rules() -> None:
    a, b = ir.Field(x, "a"), ir.Field(x, "b")
    assert rule(ir.Compare(">", ir.Const(3), a)) == {"Variable": "$x.a", "NumericLessThan": 3}
    assert rule(ir.Compare("==", a, ir.Const(True))) == {"Variable": "$x.a", "BooleanEquals": True}
    assert rule(ir.Compare("!=", a, ir.Const("s"))) == {
        "Not": {"Variable": "$x.a", "StringEquals": "s"}
    }
    assert rule(ir.Compare("<=", a, b, timestamps=True)) == {
        "And": [
            {"Variable": "$x.a", "IsTimestamp": True},
            {"Variable": "$x.b", "IsTimestamp": True},
            {"Variable": "$x.a", "TimestampLessThanEqualsPath": "$x.b"},
        ]
    }
    assert rule(ir.Compare("==", a, ir.Const(None))) == rule(ir.IsNull(a))
    assert rule(ir.Compare("not in", ir.Const("k"), x, "object")) == {
        "Not": {"Variable": "$x.k", "IsPresent": True}
    }
    assert rule(ir.Compare("in", ir.Const("a*"), x, "string")) == {
        "Variable": "$x",
        "StringMatches": "*a\\**",
    }
    assert rule(ir.Builtin("method.endswith", (x, ir.Const("z")))) == {
        "Variable": "$x",
        "StringMatches": "*z",
    }
    assert rule(ir.Const(True)) == {"Variable": "$$.Execution.Id", "IsPresent": True}
    present = {"Variable": "$x", "IsPresent": True}
    assert rule(ir.TypeTest(x, ("string",))) == {
        "And": [present, {"Variable": "$x", "IsString": True}]
    }
    # (int, float): any number, or a bool (bool is a subclass of int in Python)
    assert rule(ir.TypeTest(x, ("integer", "number", "null"))) == {
        "And": [
            present,
            {
                "Or": [
                    {"Variable": "$x", "IsBoolean": True},
                    {"Variable": "$x", "IsNull": True},
                    {"Variable": "$x", "IsNumeric": True},
                ]
            },
        ]
    }


def test_merges_are_json_merge() -> None:
    merged = render(ir.Merge((x, ir.ObjectOf((("k", ir.Var("v")),)), ir.Const({"c": 1}))))
    assert merged == Dyn(
        "States.JsonMerge(States.JsonMerge($x, States.StringToJson(States.Format("
        "'\\{\"k\":{}\\}', States.JsonToString($v))), false), "
        "States.StringToJson(States.Format('\\{\"c\":1\\}')), false)"
    )
    assert evaluate(merged.text, {"x": {"k": 0, "a": [1]}, "v": "s"}) == {
        "k": "s",
        "a": [1],
        "c": 1,
    }
    assert render(ir.Merge((ir.Const({"a": 1}), ir.Const({"a": 2, "b": 3})))) == Lit(
        {"a": 2, "b": 3}
    )
    nested = render(ir.SetItem(x, ir.Const("a"), ir.SetItem(ir.Field(x, "a"), ir.Const("b"), x)))
    assert isinstance(nested, Dyn)
    assert evaluate(nested.text, {"x": {"a": {"c": 1}}}) == {"a": {"c": 1, "b": {"a": {"c": 1}}}}


@pytest.mark.parametrize(
    "node",
    [
        ir.Compare("<", x, ir.Const(True)),
        ir.Compare("==", x, ir.Const([1])),
        ir.Compare("==", ir.Builtin("len", (x,)), ir.Const(1)),
        ir.Compare("==", x, ir.Builtin("len", (x,))),
        ir.Compare("in", x, ir.Var("y"), "array"),
        ir.Compare("in", x, ir.Var("y"), "any"),
        ir.TypeTest(x, ("integer",)),
        ir.TypeTest(x, ("string", "array")),
        ir.TypeTest(x, ("object",)),
    ],
)
def test_choice_rules_jsonpath_cannot_say(node: ir.Expr) -> None:
    with pytest.raises(CompileError) as caught:
        rule(node)
    assert caught.value.diagnostics[0].code == "FD180"


def test_outputs_of_a_task() -> None:
    from flowdsl.ir import graph as g

    dialect = JsonPathDialect()

    def task(output: ir.Expr | None) -> dict[str, Any]:
        dialect.enter(g.Task("T", LOC))
        try:
            return dialect._result_output(output)
        finally:
            dialect.leave()

    payload = ir.Field(ir.StateResult(), "Payload")
    assert task(None) == {} and task(ir.StateResult()) == {}
    assert task(payload) == {"OutputPath": "$.Payload"}
    assert task(ir.Const(3)) == {"ResultSelector": {"value": 3}, "OutputPath": "$.value"}
    assert task(ir.Var("v")) == {"ResultSelector": {"value.$": "$v"}, "OutputPath": "$.value"}
    assert task(ir.ObjectOf((("p", payload), ("k", ir.Const(1))))) == {
        "ResultSelector": {"p.$": "$.Payload", "k": 1}
    }


def test_wait_and_timeout_fields() -> None:
    dialect = JsonPathDialect()
    assert dialect.timing("Seconds", 5) == {"Seconds": 5}
    assert dialect.timing("Seconds", ir.Field(x, "s")) == {"SecondsPath": "$x.s"}
    assert dialect.timing("TimeoutSeconds", ir.Const(9)) == {"TimeoutSeconds": 9}
    with pytest.raises(CompileError):
        dialect.timing("Seconds", ir.Builtin("len", (x,)))


def test_placeholders_in_intrinsic_strings_are_not_escaped() -> None:
    # CloudFormation substitutes ${Name} in the definition's text; `$\{Name\}` it would not.
    assert render(ir.Format((ir.Const("${Bus}-{"), x))) == Dyn("States.Format('${Bus}-\\{{}', $x)")
