"""A JSONPath Choice rule as the Python condition flowdsl compiles back to the same rule.

Operators: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

from __future__ import annotations

import ast
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
        if "And" in rule or "Or" in rule:
            key = "And" if "And" in rule else "Or"
            parts = rule[key]
            if not isinstance(parts, list) or not parts:
                raise Unsupported(f"{key} needs a list of rules")
            op: ast.boolop = ast.And() if key == "And" else ast.Or()
            return ast.BoolOp(op=op, values=[self.of(p) for p in parts])
        if "Not" in rule:
            return ast.UnaryOp(op=ast.Not(), operand=self.of(rule["Not"]))
        if "Condition" in rule:
            raise Unsupported("a JSONata Condition in a JSONPath Choice")
        variable = rule.get("Variable")
        if not isinstance(variable, str):
            raise Unsupported("a Choice rule without Variable")
        subject = paths.path(variable, self.frame)
        for operator, value in rule.items():
            if operator in ("Variable", "Next", "Comment"):
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
            return test if value else ast.UnaryOp(op=ast.Not(), operand=test)
        if operator == "StringMatches":
            raise Unsupported("StringMatches (a wildcard match) has no flowdsl condition yet")
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

    def _present(self, subject: ast.expr, present: bool) -> ast.expr:
        """`IsPresent` is `key in parent` (the parent declared a dict, as flowdsl needs)."""
        if not isinstance(subject, ast.Subscript) or not isinstance(subject.slice, ast.Constant):
            raise Unsupported("IsPresent on the whole input or a variable")
        key = subject.slice
        parent = subject.value
        if isinstance(key.value, int):
            raise Unsupported("IsPresent on a list index")
        if not isinstance(parent, ast.Name):
            raise Unsupported(
                "IsPresent on a nested field: flowdsl tests a key only of a variable declared a dict"
            )
        return ast.Compare(
            left=key, ops=[ast.In() if present else ast.NotIn()], comparators=[parent]
        )


def _isinstance(subject: ast.expr, kinds: str | tuple[str, ...]) -> ast.expr:
    kind: ast.expr = (
        paths.name(kinds)
        if isinstance(kinds, str)
        else ast.Tuple(elts=[paths.name(k) for k in kinds], ctx=ast.Load())
    )
    return ast.Call(func=paths.name("isinstance"), args=[subject, kind], keywords=[])


def _timestamp(value: ast.expr) -> ast.expr:
    return ast.Call(func=paths.name("timestamp"), args=[value], keywords=[])
