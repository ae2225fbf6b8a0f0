"""Choice checks: one operator per JSONPath rule, Variable placement, timestamp operands.

Operand JSON types (a number for Numeric*, a boolean for BooleanEquals, ...) are enforced by the
models; the syntax of Variable and *Path operands is checked with the other paths.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flowdsl.validate.context import JSONPATH, Context, as_dict, as_list
from flowdsl.validate.problem import Part

_COMBINATORS = ("And", "Or", "Not")
_TYPES = ("String", "Numeric", "Boolean", "Timestamp")
_RELATIONS = ("Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals")
COMPARISONS = frozenset(
    {f"{t}{r}{p}" for t in _TYPES for r in _RELATIONS for p in ("", "Path")}
    - {"BooleanLessThan", "BooleanGreaterThan", "BooleanLessThanEquals", "BooleanGreaterThanEquals"}
    - {
        "BooleanLessThanPath",
        "BooleanGreaterThanPath",
        "BooleanLessThanEqualsPath",
        "BooleanGreaterThanEqualsPath",
    }
    | {"StringMatches", "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp"}
)
TIMESTAMP_OPERATORS = frozenset(f"Timestamp{r}" for r in _RELATIONS)

# ASL timestamps are RFC 3339 date-times with an uppercase T and a Z or numeric offset.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def is_timestamp(text: str) -> bool:
    """Whether `text` is an RFC 3339 date-time that names a real instant."""
    if not _RFC3339.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def check(ctx: Context) -> None:
    """Check the rules of every JSONPath Choice state, and every literal timestamp."""
    for ref in ctx.states:
        body = ref.body
        if body.get("Type") == "Wait" and isinstance(body.get("Timestamp"), str):
            stamp = body["Timestamp"]
            if not stamp.startswith("{%") and not is_timestamp(stamp):
                ctx.add(
                    "ASL402",
                    (*ref.parts, "Timestamp"),
                    f"{stamp!r} is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z",
                )
        if body.get("Type") != "Choice" or ref.language != JSONPATH:
            continue
        for i, rule in enumerate(as_list(body.get("Choices"))):
            _check_rule(ctx, as_dict(rule), (*ref.parts, "Choices", i))


def _check_rule(ctx: Context, rule: dict[str, Any], parts: tuple[Part, ...]) -> None:
    operators = [k for k in rule if k in COMPARISONS or k in _COMBINATORS]
    if len(operators) != 1:
        found = ", ".join(operators) if operators else "none"
        ctx.add(
            "ASL400",
            parts,
            f"a Choice rule needs exactly one comparison operator or And/Or/Not (found {found})",
        )
    for op in operators:
        if op in _COMBINATORS:
            if "Variable" in rule:
                ctx.add(
                    "ASL401",
                    (*parts, "Variable"),
                    f"a rule combined with {op} must not have a Variable",
                )
        elif "Variable" not in rule:
            ctx.add("ASL401", parts, f"comparison {op} needs a Variable to compare")
        if (
            op in TIMESTAMP_OPERATORS
            and isinstance(rule.get(op), str)
            and not is_timestamp(rule[op])
        ):
            ctx.add(
                "ASL402",
                (*parts, op),
                f"{rule[op]!r} is not an RFC 3339 timestamp such as 2026-01-31T12:00:00Z",
            )
    for op in ("And", "Or"):
        for i, sub in enumerate(as_list(rule.get(op))):
            _check_rule(ctx, as_dict(sub), (*parts, op, i))
    if isinstance(rule.get("Not"), dict):
        _check_rule(ctx, rule["Not"], (*parts, "Not"))
