"""A JSONPath Choice rule as the Python condition flowdsl compiles back to the same rule.

Operators: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

from __future__ import annotations

import ast
import copy
from typing import Any

from flowdsl.importer import paths
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported

_COMPARISONS: dict[str, type[ast.cmpop]] = {
    "Equals": ast.Eq,
    "LessThan": ast.Lt,
    "GreaterThan": ast.Gt,
    "LessThanEquals": ast.LtE,
    "GreaterThanEquals": ast.GtE,
}
_KINDS = ("String", "Numeric", "Boolean", "Timestamp")
# Fields of a Choice rule that are not part of its test.
_NOT_TESTS = ("Next", "Comment", "Assign", "Output")
_TYPE_TESTS: dict[str, str | tuple[str, ...]] = {
    "IsString": "str",
    "IsNumeric": ("int", "float"),
    "IsBoolean": "bool",
}


class Condition:
    """The Python test of one rule, and whether it compares with True/False (ruff's E712)."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.compares_boolean = False

    def of(self, rule: dict[str, Any]) -> ast.expr:
        idiom = self._idiom({k: v for k, v in rule.items() if k not in _NOT_TESTS})
        if idiom is not None:
            return idiom
        if "And" in rule or "Or" in rule:
            key = "And" if "And" in rule else "Or"
            parts = rule[key]
            if not isinstance(parts, list) or not parts:
                raise Unsupported(f"{key} needs a list of rules")
            op: ast.boolop = ast.And() if key == "And" else ast.Or()
            return ast.BoolOp(op=op, values=[self.of(p) for p in parts])
        if "Not" in rule:
            return _negated(self.of(rule["Not"]))
        if "Condition" in rule:
            raise Unsupported("a JSONata Condition in a JSONPath Choice")
        variable = rule.get("Variable")
        if not isinstance(variable, str):
            raise Unsupported("a Choice rule without Variable")
        subject = paths.path(variable, self.frame)
        for operator, value in rule.items():
            if operator == "Variable" or operator in _NOT_TESTS:
                continue
            return self._test(operator, value, subject)
        raise Unsupported("a Choice rule without a comparison")

    def _test(self, operator: str, value: Any, subject: ast.expr) -> ast.expr:
        if operator == "IsPresent":
            return self._present(subject, bool(value))
        if operator == "IsNull":
            ops: list[ast.cmpop] = [ast.Is() if value else ast.IsNot()]
            return ast.Compare(left=subject, ops=ops, comparators=[ast.Constant(None)])
        if operator in _TYPE_TESTS:
            test = _isinstance(subject, _TYPE_TESTS[operator])
            if operator == "IsNumeric":  # Python's bool is an int; JSON's is not a number
                not_bool = ast.UnaryOp(
                    op=ast.Not(), operand=_isinstance(copy.deepcopy(subject), "bool")
                )
                test = ast.BoolOp(op=ast.And(), values=[test, not_bool])
            return test if value else ast.UnaryOp(op=ast.Not(), operand=test)
        if operator == "StringMatches" and isinstance(value, str):
            return _matches(subject, value)
        if operator == "IsTimestamp":
            raise Unsupported("IsTimestamp has no flowdsl condition yet")
        kind = next((k for k in _KINDS if operator.startswith(k)), None)
        if kind is None:
            raise Unsupported(f"unknown Choice operator {operator!r}")
        rest = operator[len(kind) :]
        by_path = rest.endswith("Path")
        comparison = _COMPARISONS.get(rest[:-4] if by_path else rest)
        if comparison is None:
            raise Unsupported(f"unknown Choice operator {operator!r}")
        if by_path:
            if not isinstance(value, str):
                raise Unsupported(f"{operator} needs a path")
            other = paths.path(value, self.frame)
        else:
            other = ast.Constant(value)
        if kind == "Boolean":
            self.compares_boolean = True
        if kind == "Timestamp":
            subject, other = _timestamp(subject), _timestamp(other)
        return ast.Compare(left=subject, ops=[comparison()], comparators=[other])

    def _idiom(self, rule: dict[str, Any]) -> ast.expr | None:
        """The rules flowdsl writes for `x is None`, `isinstance(x, T)` and a truth test of `x`
        (IsPresent first, so a missing field is a plain False), read back as that Python."""
        parts = rule.get("And") or rule.get("Or")
        if not isinstance(parts, list) or len(parts) != 2:
            return None
        key = _key_of_unknown(parts) if "Or" in rule else None
        if key is not None:  # flowdsl's JSONPath `"k" in x`, x of unknown type
            container = paths.path(parts[1]["And"][0]["Variable"], self.frame)
            return ast.Compare(left=ast.Constant(key), ops=[ast.In()], comparators=[container])
        first = parts[0].get("Not") if "Or" in rule else parts[0]
        variable = first.get("Variable") if isinstance(first, dict) else None
        if not isinstance(variable, str) or first != {"Variable": variable, "IsPresent": True}:
            return None
        second = parts[1]
        subject = paths.path(variable, self.frame)
        none = ast.Constant(None)
        if "Or" in rule and second == {"Variable": variable, "IsNull": True}:
            return ast.Compare(left=subject, ops=[ast.Is()], comparators=[none])
        if "Or" in rule:
            return None
        if second == {"Variable": variable, "IsNull": False}:
            return ast.Compare(left=subject, ops=[ast.IsNot()], comparators=[none])
        for operator, kinds in _TYPE_TESTS.items():
            if second == {"Variable": variable, operator: True} and operator != "IsNumeric":
                return _isinstance(subject, kinds)
        numeric = {
            "Or": [
                {"Variable": variable, "IsBoolean": True},
                {"Variable": variable, "IsNumeric": True},
            ]
        }
        if second == numeric:
            return _isinstance(subject, ("int", "float"))
        if second == _truthy(variable):
            return subject
        return None

    def _present(self, subject: ast.expr, present: bool) -> ast.expr:
        """`IsPresent` is `key in parent` (flowdsl tests a key of a dict, or of a value of
        unknown type at run time), and on `[0]` a list's truth test: both are false for a
        missing or null value, a dict, and an empty list."""
        if isinstance(subject, ast.Attribute) and subject.attr == "execution_id":
            # `$$.Execution.Id` is always there: flowdsl's (and many authors') "always" rule.
            return ast.Constant(present)
        if not isinstance(subject, ast.Subscript) or not isinstance(subject.slice, ast.Constant):
            raise Unsupported("IsPresent on the whole input or a variable")
        key = subject.slice
        parent = subject.value
        if key.value == 0:
            return parent if present else ast.UnaryOp(op=ast.Not(), operand=parent)
        if isinstance(key.value, int):
            raise Unsupported("IsPresent on a list index other than [0]")
        return ast.Compare(
            left=key, ops=[ast.In() if present else ast.NotIn()], comparators=[parent]
        )


# `not (a in b)` is `a not in b`, `not (a is b)` is `a is not b` (ruff's E713, E714).
_OPPOSITES: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}


def _negated(test: ast.expr) -> ast.expr:
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPPOSITES:
        opposite = _OPPOSITES[type(test.ops[0])]()
        return ast.Compare(left=test.left, ops=[opposite], comparators=test.comparators)
    return ast.UnaryOp(op=ast.Not(), operand=test)


def _matches(subject: ast.expr, pattern: str) -> ast.expr:
    """StringMatches with `*` only at the ends: ==, startswith, endswith, isinstance, `in`
    (`\\*` and `\\\\` are a literal `*` and `\\`)."""
    pieces = _wildcard_split(pattern)
    if pieces == [""]:
        return ast.Compare(left=subject, ops=[ast.Eq()], comparators=[ast.Constant("")])
    if pieces is not None and not any(pieces):  # `*`: any string
        return _isinstance(subject, "str")
    text = next((p for p in pieces or [] if p), "")
    # One piece of text, with a `*` before it, after it, or both.
    if pieces not in ([text], ["", text], [text, ""], ["", text, ""]):
        raise Unsupported(
            f"StringMatches {pattern!r} (a wildcard inside the text) has no flowdsl condition"
        )
    assert pieces is not None
    starts, ends = pieces[0] == "", pieces[-1] == ""
    if not starts and not ends:
        return ast.Compare(left=subject, ops=[ast.Eq()], comparators=[ast.Constant(text)])
    if starts and ends:
        # Text anywhere: `in` on a str. The isinstance test says it is one (flowdsl's `in` on
        # a value of unknown type would also test a dict's key).
        is_text = _isinstance(subject, "str")
        contains = ast.Compare(
            left=ast.Constant(text), ops=[ast.In()], comparators=[copy.deepcopy(subject)]
        )
        return ast.BoolOp(op=ast.And(), values=[is_text, contains])
    method = "endswith" if starts else "startswith"
    call = ast.Attribute(value=subject, attr=method, ctx=ast.Load())
    return ast.Call(func=call, args=[ast.Constant(text)], keywords=[])


def _key_of_unknown(parts: list[Any]) -> str | None:
    """The key of `{"Or": [IsPresent x.k, x is a str containing k]}`, which flowdsl writes for
    `"k" in x` when it cannot tell x's type (a dict's key or a str's substring)."""
    variable = parts[0].get("Variable") if isinstance(parts[0], dict) else None
    if not isinstance(variable, str) or parts[0] != {"Variable": variable, "IsPresent": True}:
        return None
    container, dot, key = variable.rpartition(".")
    if not dot or not key.isidentifier() or not container:
        return None
    expected = {
        "And": [
            {"Variable": container, "IsString": True},
            {"Variable": container, "StringMatches": "*" + key + "*"},
        ]
    }
    return key if parts[1] == expected else None


def _wildcard_split(pattern: str) -> list[str] | None:
    """The literal text between the unescaped `*` of a StringMatches pattern (state-choice.html:
    `\\*` is a literal `*`, `\\\\` a literal `\\`); None for another escape."""
    pieces, current, i = [], [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 >= len(pattern) or pattern[i + 1] not in "*\\":
                return None
            current.append(pattern[i + 1])
            i += 2
            continue
        if char == "*":
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    pieces.append("".join(current))
    return pieces


def _truthy(variable: str) -> dict[str, Any]:
    """The second half of flowdsl's JSONPath truth test of a value (Python's bool())."""
    return {
        "Or": [
            {
                "And": [
                    {"Variable": variable, "IsBoolean": True},
                    {"Variable": variable, "BooleanEquals": True},
                ]
            },
            {
                "And": [
                    {"Variable": variable, "IsNumeric": True},
                    {"Not": {"Variable": variable, "NumericEquals": 0}},
                ]
            },
            {
                "And": [
                    {"Variable": variable, "IsString": True},
                    {"Not": {"Variable": variable, "StringEquals": ""}},
                ]
            },
            {"Variable": f"{variable}[0]", "IsPresent": True},
        ]
    }


def _isinstance(subject: ast.expr, kinds: str | tuple[str, ...]) -> ast.expr:
    kind: ast.expr = (
        paths.name(kinds)
        if isinstance(kinds, str)
        else ast.Tuple(elts=[paths.name(k) for k in kinds], ctx=ast.Load())
    )
    return ast.Call(func=paths.name("isinstance"), args=[subject, kind], keywords=[])


def _timestamp(value: ast.expr) -> ast.expr:
    return ast.Call(func=paths.name("timestamp"), args=[value], keywords=[])


def group_rules(
    rules: list[dict[str, Any]], default: Any
) -> list[tuple[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]]]:
    """Rules grouped by target, in order of first appearance, for an if/elif chain.

    Each group is (target, [(rule, rules it must not match)]): a rule that comes after a rule of
    a group tested later in the chain (or of the Default) only counts when that earlier rule
    does not match, which keeps ASL's first-match order exactly.
    """
    order: list[str] = []
    for rule in rules:
        target = rule.get("Next")
        if not isinstance(target, str):
            raise Unsupported("a Choice rule without Next")
        if target != default and target not in order:
            order.append(target)
    rank = {target: index for index, target in enumerate(order)}
    groups: dict[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]] = {t: [] for t in order}
    for index, rule in enumerate(rules):
        target = rule["Next"]
        if target == default:
            continue
        earlier = [
            r
            for r in rules[:index]
            if r["Next"] != target and (r["Next"] == default or rank[r["Next"]] > rank[target])
        ]
        groups[target].append((rule, earlier))
    return [(target, groups[target]) for target in order]


def unless(test: ast.expr, excluded: list[ast.expr]) -> ast.expr:
    if not excluded:
        return test
    negated = [ast.UnaryOp(op=ast.Not(), operand=e) for e in excluded]
    return ast.BoolOp(op=ast.And(), values=[test, *negated])
