"""The differences from Python the compiler can see at a line, as warnings (FD181-FD184).

Each is a row of the README's differences from Python ("Expressions" under Writing
workflows); the workflow compiles as written, the warning says where the result will not be
Python's. A line silences one with `# flowdsl: ignore[FD181]` (see source.py).

Where they come from:
- JSON numbers are IEEE 754 doubles, exact for integers up to 2^53 (RFC 8259 section 6,
  https://www.rfc-editor.org/rfc/rfc8259#section-6).
- JSONata's $string writes a number with 15 significant digits (jsonata-js/jsonata,
  src/functions.js, `string`: `Number(arg.toPrecision(15))`), and $round rounds the decimal
  value half to even (https://docs.jsonata.org/numeric-functions#round).
- JSONata's `=` is true only for values of one type (https://docs.jsonata.org/comparison-operators),
  and a JSONPath Choice rule's Numeric* test is false for a value that is no number
  (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
"""

from __future__ import annotations

from typing import Any

from flowdsl.ir import expr as ir
from flowdsl.ir.expr import ValueType

MAX_EXACT_INTEGER = 2**53  # above it, not every integer has a double

# code -> (message, hint)
WARNINGS: dict[str, tuple[str, str]] = {
    "FD181": (
        "text of a float: Step Functions writes at most 15 significant digits and no `.0` "
        "(str(0.1 + 0.2) is '0.3', str(24.0) is '24'; Python writes '0.30000000000000004' "
        "and '24.0')",
        "fix the digits with a format spec ({x:.2f}), or add `# flowdsl: ignore[FD181]` to the "
        "line if 15 digits are what you want",
    ),
    "FD182": (
        "an integer above 2^53 loses precision in Step Functions, as in any JSON number "
        "(9007199254740993 becomes 9007199254740992)",
        'keep long numeric ids as strings ("9007199254740993")',
    ),
    "FD183": (
        "rounding to digits (round(x, 2), {x:.2f}) rounds the decimal value half to even in "
        "Step Functions: round(2.675, 2) is 2.68 (Python rounds the binary float: 2.67)",
        "round in a Lambda function if halves of binary floats matter, or add "
        "`# flowdsl: ignore[FD183]` to the line",
    ),
    "FD184": (
        "a boolean compared with a number: JSON booleans are no numbers, so Step Functions "
        "says `True == 1` is false (Python says true)",
        "compare booleans with True/False and numbers with numbers",
    ),
}


def fractional(node: ir.Expr) -> bool:
    """Whether a number may be a float the compiler can see: a float literal (`24.0` too),
    a division, float(), round() to digits, or arithmetic, abs, min or max over one."""
    match node:
        case ir.Const(value):
            return isinstance(value, float)
        case ir.Binary(op="/"):
            return True
        case ir.Binary(left=left, right=right, kind="number" | "any"):
            return fractional(left) or fractional(right)
        case ir.Builtin(name="float") | ir.Builtin(name="round", args=(_, _)):
            return True
        case ir.Builtin(name="abs" | "min" | "max", args=args):
            return any(fractional(a) for a in args)
    return False


def has_big_integer(value: Any) -> bool:
    """Whether a JSON value holds an integer that a double cannot hold exactly."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_EXACT_INTEGER
    if isinstance(value, list):
        return any(has_big_integer(v) for v in value)
    if isinstance(value, dict):
        return any(has_big_integer(v) for v in value.values())
    return False


def mixes_boolean_and_number(left: ValueType, right: ValueType) -> bool:
    return {left, right} == {"boolean", "number"}
