"""Expressions of the IR: what a Python expression in a workflow body means, in no query language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Expr:
    """Base of expressions."""


@dataclass(frozen=True, slots=True)
class Const(Expr):
    """A JSON value known at compile time (str, number, bool, None, lists and dicts of those)."""

    value: Any


@dataclass(frozen=True, slots=True)
class Var(Expr):
    """A workflow variable (`$name` in ASL)."""

    name: str


@dataclass(frozen=True, slots=True)
class StateInput(Expr):
    """The current state's input (`$states.input`)."""


@dataclass(frozen=True, slots=True)
class StateResult(Expr):
    """The current state's result (`$states.result`), only inside Assign/Output of that state."""


@dataclass(frozen=True, slots=True)
class ErrorOutput(Expr):
    """The caught error (`$states.errorOutput`), only inside a Catch."""


@dataclass(frozen=True, slots=True)
class ContextPath(Expr):
    """A field of the context object (`$states.context.Task.Token`)."""

    path: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Field(Expr):
    """`obj["key"]`: a member of an object."""

    obj: Expr
    key: str


@dataclass(frozen=True, slots=True)
class Index(Expr):
    """`obj[i]`: an element of an array (negative counts from the end)."""

    obj: Expr
    index: Expr


@dataclass(frozen=True, slots=True)
class Slice(Expr):
    """`obj[start:stop]`, or `obj[start:stop:step]` with a constant step other than 0 and 1."""

    obj: Expr
    start: Expr | None
    stop: Expr | None
    step: int | None = None


ValueType = Literal["number", "string", "boolean", "null", "array", "object", "any"]

BinaryOp = Literal["+", "-", "*", "/", "//", "%", "**"]
CompareOp = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not in"]


@dataclass(frozen=True, slots=True)
class Binary(Expr):
    """Arithmetic or concatenation; `kind` says which, decided from the operand types."""

    op: BinaryOp
    left: Expr
    right: Expr
    kind: ValueType = "any"


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    """One comparison; `timestamps` when both sides are marked with timestamp()."""

    op: CompareOp
    left: Expr
    right: Expr
    container: ValueType = "any"
    timestamps: bool = False


@dataclass(frozen=True, slots=True)
class IsNull(Expr):
    """`x is None` (`negate` for `is not None`)."""

    operand: Expr
    negate: bool = False


@dataclass(frozen=True, slots=True)
class BoolOp(Expr):
    """`and` / `or` over two or more operands (Python short-circuit values are booleans here)."""

    op: Literal["and", "or"]
    operands: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True, slots=True)
class Truthy(Expr):
    """Python truthiness of a value used as a condition."""

    operand: Expr


@dataclass(frozen=True, slots=True)
class Conditional(Expr):
    """`a if cond else b`."""

    test: Expr
    then: Expr
    otherwise: Expr


@dataclass(frozen=True, slots=True)
class ListOf(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ObjectOf(Expr):
    """A dict display with string keys."""

    entries: tuple[tuple[str, Expr], ...]


@dataclass(frozen=True, slots=True)
class Format(Expr):
    """An f-string: literal text and values turned into text."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Builtin(Expr):
    """A call of a supported built-in or method (`len`, `str.upper`, ...), by flowdsl name."""

    name: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Comprehension(Expr):
    """`[element for var in items if cond]` with no integration call inside: a pure expression."""

    element: Expr
    var: str
    items: Expr
    condition: Expr | None


@dataclass(frozen=True, slots=True)
class Merge(Expr):
    """`{**a, "k": v}`, `a | b`, `a.update(b)`: a new object with every part's members, the
    later part winning on a shared key (Python's dict merge, shallow)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class SetItem(Expr):
    """A copy of `obj` with `obj[key] = value`: a member of a dict or an element of a list.

    `event["x"] = v` rebinds `event` to this: JSON values are copies (see the README)."""

    obj: Expr
    key: Expr
    value: Expr


@dataclass(frozen=True, slots=True)
class DeleteItem(Expr):
    """A copy of `obj` without `obj[key]` (`del event["x"]`)."""

    obj: Expr
    key: Expr


JsonType = Literal["string", "integer", "number", "boolean", "null", "array", "object"]


@dataclass(frozen=True, slots=True)
class TypeTest(Expr):
    """`isinstance(x, (str, int))`: whether a value has one of the JSON types.

    `integer` is a whole number or a bool (Python's int, whose subclass bool is); `number` any
    number (float: JSON has no int/float distinction, so 3.0 and 3 are the same value)."""

    operand: Expr
    types: tuple[JsonType, ...]


@dataclass(frozen=True, slots=True)
class Collected(Expr):
    """`base` followed by the `member` list of each result in `results`, in order: the items a
    for loop appended to a list outside it, gathered from its Map iterations' outputs."""

    base: Expr
    results: Expr
    member: str


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """An f-string format spec (`{x:>8,.2f}`): the part of Python's mini-language flowdsl
    writes. `kind` is the presentation type: "s", "d", "f" or "%" (None: as str() writes it)."""

    fill: str = " "
    align: Literal["<", ">", "^"] | None = None
    sign: Literal["-", "+", " "] = "-"
    zero: bool = False
    width: int | None = None
    grouping: Literal[",", "_"] | None = None
    precision: int | None = None
    kind: Literal["s", "d", "f", "%"] | None = None


@dataclass(frozen=True, slots=True)
class Formatted(Expr):
    """`format(value, spec)`: one replacement field of an f-string with a format spec."""

    value: Expr
    spec: FormatSpec
