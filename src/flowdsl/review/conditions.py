"""Readable one-line text for Choice rules (JSONPath comparisons and JSONata `Condition`s)."""

from __future__ import annotations

import json
from typing import Any

# Choice rule operators and their meaning, from "Choice workflow state", Choice Rules (JSONPath):
# https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
# Each `<Op>` also has an `<Op>Path` form comparing against another path instead of a literal.
_COMPARISONS: dict[str, tuple[str, str]] = {
    # operator: (symbol, value kind shown before a literal; "" for none)
    "StringEquals": ("==", ""),
    "StringLessThan": ("<", ""),
    "StringGreaterThan": (">", ""),
    "StringLessThanEquals": ("<=", ""),
    "StringGreaterThanEquals": (">=", ""),
    "StringMatches": ("matches", ""),
    "NumericEquals": ("==", ""),
    "NumericLessThan": ("<", ""),
    "NumericGreaterThan": (">", ""),
    "NumericLessThanEquals": ("<=", ""),
    "NumericGreaterThanEquals": (">=", ""),
    "BooleanEquals": ("==", ""),
    "TimestampEquals": ("==", "timestamp "),
    "TimestampLessThan": ("<", "timestamp "),
    "TimestampGreaterThan": (">", "timestamp "),
    "TimestampLessThanEquals": ("<=", "timestamp "),
    "TimestampGreaterThanEquals": (">=", "timestamp "),
}

# Type tests: `"IsNull": true` reads "is null", `false` reads "is not null".
_TYPE_TESTS: dict[str, str] = {
    "IsNull": "null",
    "IsPresent": "present",
    "IsNumeric": "numeric",
    "IsString": "a string",
    "IsBoolean": "a boolean",
    "IsTimestamp": "a timestamp",
}

MAX_LABEL = 80


def describe_rule(rule: Any) -> str:
    """Describe one Choice rule (top-level or nested) as a short readable condition.

    A rule's Comment wins: flowdsl writes the Python condition there as its author wrote it
    (`stock["ItemStock"] > 0`), which reads better than the JSONata or JSONPath it became.
    """
    if isinstance(rule, dict) and isinstance(rule.get("Comment"), str) and rule["Comment"].strip():
        return shorten(rule["Comment"])
    return shorten(_describe(rule, top=True))


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """Cut `text` to `limit` characters with an ellipsis, so a picture stays readable."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def jsonata_body(value: str) -> str | None:
    """The expression inside `{% ... %}`, or None when `value` is not a JSONata expression."""
    stripped = value.strip()
    if stripped.startswith("{%") and stripped.endswith("%}") and len(stripped) >= 4:
        return stripped[2:-2].strip()
    return None


def _describe(rule: Any, *, top: bool = False) -> str:
    if not isinstance(rule, dict):
        return "?"
    condition = rule.get("Condition")
    if isinstance(condition, str):
        body = jsonata_body(condition)
        return _unwrap(body) if body is not None else condition
    if isinstance(condition, bool):
        return "true" if condition else "false"
    if isinstance(rule.get("And"), list):
        return _join(rule["And"], "and", top)
    if isinstance(rule.get("Or"), list):
        return _join(rule["Or"], "or", top)
    if "Not" in rule:
        return f"not ({_describe(rule['Not'])})"
    variable = str(rule.get("Variable", "?"))
    for key, value in rule.items():
        base = key[:-4] if key.endswith("Path") else key
        if base in _COMPARISONS:
            symbol, kind = _COMPARISONS[base]
            operand = str(value) if key.endswith("Path") else kind + _literal(value)
            return f"{variable} {symbol} {operand}"
        if key in _TYPE_TESTS:
            negation = "" if value is True else "not "
            return f"{variable} is {negation}{_TYPE_TESTS[key]}"
    return f"{variable} ?"


def _unwrap(expression: str) -> str:
    # `(a > 0)` reads better as `a > 0`; strip parentheses only when they enclose everything.
    while expression.startswith("(") and expression.endswith(")"):
        depth = 0
        for index, char in enumerate(expression):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and index < len(expression) - 1:
                return expression
        expression = expression[1:-1].strip()
    return expression


def _join(rules: list[Any], word: str, top: bool) -> str:
    parts = [_describe(rule) for rule in rules]
    joined = f" {word} ".join(parts)
    return joined if top else f"({joined})"


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
