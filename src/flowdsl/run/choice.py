"""Choice rules of JSONPath-language Choice states: every comparison operator, And/Or/Not.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
- A comparison whose value has the wrong type is simply false (e.g. NumericEquals on a string).
- `Variable` pointing nowhere fails the execution with States.Runtime, except under IsPresent.
- StringMatches: `*` matches any run of characters; `\\*` and `\\\\` are a literal `*` and `\\`.
- Timestamps are RFC 3339 strings (uppercase T, Z or an offset).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Any

from flowdsl.run.errors import RuntimeFailure
from flowdsl.run.jsonpath import PathNotFound, select

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEquals": operator.le,
    "GreaterThanEquals": operator.ge,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def parse_timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not _TIMESTAMP.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def _wildcard(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
        elif pattern[i] == "*":
            parts.append(".*")
            i += 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(parts), re.DOTALL)


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": _is_number,
    "IsString": lambda v: isinstance(v, str),
    "IsBoolean": lambda v: isinstance(v, bool),
    "IsTimestamp": lambda v: parse_timestamp(v) is not None,
}


def _compare(kind: str, relation: str, left: Any, right: Any) -> bool:
    test = _ORDER[relation]
    if kind == "String":
        return isinstance(left, str) and isinstance(right, str) and test(left, right)
    if kind == "Numeric":
        return _is_number(left) and _is_number(right) and test(left, right)
    if kind == "Boolean":
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if kind == "Timestamp":
        a, b = parse_timestamp(left), parse_timestamp(right)
        return a is not None and b is not None and test(a, b)
    raise AssertionError(kind)


_OPERATOR = re.compile(
    r"^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$"
)


class ChoiceEvaluator:
    """Evaluates one rule against the Choice state's effective input."""

    def __init__(self, data: Any, context: Any, variables: Any) -> None:
        self.data, self.context, self.variables = data, context, variables

    def _value(self, path: str, what: str) -> Any:
        try:
            return select(path, self.data, self.context, self.variables)
        except PathNotFound:
            raise RuntimeFailure(
                f"Invalid path {path!r}: The choice state's condition path references an "
                f"invalid value ({what})."
            ) from None

    def matches(self, rule: dict[str, Any]) -> bool:
        if "And" in rule:
            return all(self.matches(r) for r in rule["And"])
        if "Or" in rule:
            return any(self.matches(r) for r in rule["Or"])
        if "Not" in rule:
            return not self.matches(rule["Not"])
        variable = rule.get("Variable")
        if not isinstance(variable, str):
            raise RuntimeFailure(f"Choice rule {rule!r} has no Variable")
        if "IsPresent" in rule:
            try:
                select(variable, self.data, self.context, self.variables)
                present = True
            except PathNotFound:
                present = False
            return present == bool(rule["IsPresent"])
        left = self._value(variable, "Variable")
        for key, expected in rule.items():
            if key in _TYPE_TESTS:
                return _TYPE_TESTS[key](left) == bool(expected)
            if key == "StringMatches":
                return isinstance(left, str) and bool(_wildcard(expected).fullmatch(left))
            match = _OPERATOR.match(key)
            if match:
                kind, relation, is_path = match.groups()
                right = self._value(expected, key) if is_path else expected
                return _compare(kind, relation, left, right)
        raise RuntimeFailure(f"Choice rule {rule!r} has no comparison operator")
