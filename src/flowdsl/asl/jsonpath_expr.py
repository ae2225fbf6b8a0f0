"""IR expressions -> JSONPath reference paths and intrinsic functions, one `emit_<Node>` per node.

A rendered value is a literal (`Lit`, written as plain JSON under a plain key) or a dynamic
value (`Dyn`, written under a `.$` key): a path (`$order.id`, `$.Payload`, `$$.Task.Token`)
or an intrinsic function call (`States.Format('{}!', $name)`). What neither can say is a
compile error (FD180) naming JSONata as the way out; nothing is approximated silently except
where the docstring of a handler says so.

Sources:
- Paths, reference paths: https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
- Intrinsics (argument kinds, escaping `'{}\\` with a backslash, at most 10 nested calls,
  MathAdd rounding non-integers):
  https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
- Variables in JSONPath (`$name` paths, `.$` keys in Assign):
  https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from flowdsl.errors import CompileError, InternalError, SourceLocation
from flowdsl.ir import expr as ir

# What `$` means in the field being written: the state's input (Parameters, ItemSelector,
# Choice, Wait, Pass Assign), its result (Assign/ResultSelector of Task, Parallel, Map) or the
# error output (a Catch's Assign).
Root = Literal["input", "result", "error"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HINT = (
    'write @workflow(query_language="JSONata") for this workflow (JSONata can say it), '
    "or compute the value in a Lambda function"
)

# flowdsl built-ins that one intrinsic computes exactly: name -> (intrinsic, fewest and most
# arguments, constant arguments appended). `len` is a list's length: States.ArrayLength fails
# on a string at run time. States.JsonMerge's third argument asks for a deep merge, which Step
# Functions does not support (false is the only accepted value).
INTRINSIC_BUILTINS: dict[str, tuple[str, int, int, str]] = {
    "len": ("States.ArrayLength", 1, 1, ""),
    "json.loads": ("States.StringToJson", 1, 1, ""),
    "json.dumps": ("States.JsonToString", 1, 1, ""),
    "uuid": ("States.UUID", 0, 0, ""),
    "hash": ("States.Hash", 2, 2, ""),
    "base64.encode": ("States.Base64Encode", 1, 1, ""),
    "base64.decode": ("States.Base64Decode", 1, 1, ""),
    "merge": ("States.JsonMerge", 2, 2, ", false"),
    "range": ("States.ArrayRange", 3, 3, ""),
    "unique": ("States.ArrayUnique", 1, 1, ""),
    "partition": ("States.ArrayPartition", 2, 2, ""),
    "random": ("States.MathRandom", 2, 3, ""),
}

# "You can nest up to 10 intrinsic functions within a field" (intrinsic-functions.html).
MAX_NESTING = 10

# How a construct is named in an FD180 message.
_BINARY_NAMES = {
    "*": "multiplication (*)",
    "/": "division (/)",
    "//": "floor division (//)",
    "%": "remainder (%)",
    "**": "power (**)",
}


@dataclass(frozen=True, slots=True)
class Lit:
    """A value known at compile time."""

    value: Any


@dataclass(frozen=True, slots=True)
class Dyn:
    """A path or an intrinsic call, written under a `.$` key; `path` when it is a path."""

    text: str
    path: bool = False


Rendered = Lit | Dyn


def quote(text: str) -> str:
    """A string literal inside an intrinsic: `'`, `{`, `}` and `\\` are escaped by a backslash.

    A `${Name}` placeholder is left as it is: CloudFormation's DefinitionSubstitutions replace
    it in the definition's text before Step Functions reads the intrinsic, and an escaped
    `$\\{Name\\}` would never be substituted."""
    parts = PLACEHOLDER.split(text)
    escaped = [
        part if index % 2 else re.sub(r"([\\'{}])", r"\\\1", part)
        for index, part in enumerate(parts)
    ]
    return "'" + "".join(escaped) + "'"


# A DefinitionSubstitutions placeholder (the form flowdsl's resources write).
PLACEHOLDER = re.compile(r"(\$\{[A-Za-z0-9_.:-]+\})")


def literal_argument(value: Any) -> str:
    """A compile-time value as an intrinsic argument (objects and lists through StringToJson)."""
    if isinstance(value, str):
        # Escaped braces are documented for States.Format's template; elsewhere a string with
        # braces is the value of a Format without placeholders, so no reader can take `\{` as
        # two characters.
        return f"States.Format({quote(value)})" if "{" in value or "}" in value else quote(value)
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    # The argument grammar has no null, object or array literal: build or parse one. Object
    # text goes through States.Format, the one place where escaped braces are documented.
    if isinstance(value, list):
        return f"States.Array({', '.join(literal_argument(v) for v in value)})"
    if isinstance(value, dict):
        return f"States.StringToJson(States.Format({quote(_json(value))}))"
    return f"States.StringToJson({quote(_json(value))})"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JsonPathExpressions:
    """Renders IR expressions for one field of one state; errors point at that state."""

    def __init__(self, root: Root, loc: SourceLocation | None) -> None:
        self.root = root
        self.loc = loc

    def unsupported(self, what: str, why: str | None = None) -> CompileError:
        """The one place that says JSONPath cannot express something."""
        reason = why or "no path or intrinsic function computes it"
        return CompileError.at(
            "FD180", f"{what} cannot be written in JSONPath: {reason}", self.loc, HINT
        )

    def render(self, node: ir.Expr) -> Rendered:
        method = getattr(self, f"emit_{type(node).__name__}", None)
        if method is None:
            raise InternalError(f"no JSONPath form for {type(node).__name__}")
        result: Rendered = method(node)
        if isinstance(result, Dyn) and not result.path and _nesting(result.text) > MAX_NESTING:
            raise self.unsupported(
                "this expression", f"it needs more than {MAX_NESTING} nested intrinsic functions"
            )
        return result

    def argument(self, node: ir.Expr) -> str:
        """Text of a value as an argument of an intrinsic function."""
        rendered = self.render(node)
        return literal_argument(rendered.value) if isinstance(rendered, Lit) else rendered.text

    def call(self, name: str, *args: ir.Expr) -> Dyn:
        return Dyn(f"{name}({', '.join(self.argument(a) for a in args)})")

    # -- leaves --------------------------------------------------------------------------

    def emit_Const(self, node: ir.Const) -> Rendered:
        return Lit(node.value)

    def emit_Var(self, node: ir.Var) -> Rendered:
        return Dyn(f"${node.name}", path=True)

    def _root(self, wanted: Root, what: str) -> Rendered:
        if self.root != wanted:
            raise InternalError(f"{what} used where JSONPath's $ is the state's {self.root}")
        return Dyn("$", path=True)

    def emit_StateInput(self, node: ir.StateInput) -> Rendered:
        return self._root("input", "the state input")

    def emit_StateResult(self, node: ir.StateResult) -> Rendered:
        return self._root("result", "the state result")

    def emit_ErrorOutput(self, node: ir.ErrorOutput) -> Rendered:
        return self._root("error", "the error output")

    def emit_ContextPath(self, node: ir.ContextPath) -> Rendered:
        # The context object is `$$` in JSONPath:
        # https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
        return Dyn("$$." + ".".join(node.path), path=True)

    def emit_Field(self, node: ir.Field) -> Rendered:
        base = self.render(node.obj)
        if isinstance(base, Lit):
            if isinstance(base.value, dict) and node.key in base.value:
                return Lit(base.value[node.key])
            raise self.unsupported(f"the field {node.key!r} of a constant")
        if not base.path:
            raise self.unsupported(f"reading the field {node.key!r} of a computed value")
        if _IDENTIFIER.match(node.key):
            return Dyn(f"{base.text}.{node.key}", path=True)
        key = node.key.replace("\\", "\\\\").replace("'", "\\'")
        return Dyn(f"{base.text}['{key}']", path=True)

    def emit_Index(self, node: ir.Index) -> Rendered:
        index = self.render(node.index)
        if isinstance(index, Lit) and isinstance(index.value, str):
            return self.emit_Field(ir.Field(node.obj, index.value))
        base = self.render(node.obj)
        position = index.value if isinstance(index, Lit) and isinstance(index.value, int) else None
        if position is not None and position >= 0 and isinstance(base, Dyn) and base.path:
            return Dyn(f"{base.text}[{position}]", path=True)
        if position is not None and position < 0:
            # A reference path has no negative index; count from the end with the length.
            array = self.argument(node.obj)
            last = f"States.MathAdd(States.ArrayLength({array}), {position})"
            return Dyn(f"States.ArrayGetItem({array}, {last})")
        return self.call("States.ArrayGetItem", node.obj, node.index)

    def emit_Slice(self, node: ir.Slice) -> Rendered:
        raise self.unsupported("slicing (x[a:b])", "no intrinsic function slices")

    # -- operators -----------------------------------------------------------------------

    def emit_Binary(self, node: ir.Binary) -> Rendered:
        left, right = self.render(node.left), self.render(node.right)
        if isinstance(left, Lit) and isinstance(right, Lit) and node.op in ("+", "-"):
            try:
                folded = left.value + right.value if node.op == "+" else left.value - right.value
            except TypeError:
                raise self.unsupported(f"{node.op} on these constants") from None
            return Lit(folded)
        if node.op == "+" and node.kind == "string":
            return Dyn(
                f"States.Format('{{}}{{}}', {self.argument(node.left)}, "
                f"{self.argument(node.right)})"
            )
        if node.op in ("+", "-") and node.kind == "number":
            for side in (left, right):
                if isinstance(side, Lit) and not _is_integer(side.value):
                    # MathAdd rounds a non-integer operand, so 1.5 would not be added exactly.
                    raise self.unsupported(
                        f"adding the non-integer {side.value!r}",
                        "States.MathAdd rounds its operands to integers",
                    )
            if node.op == "+":
                return self.call("States.MathAdd", node.left, node.right)
            if isinstance(right, Lit):
                return Dyn(f"States.MathAdd({self.argument(node.left)}, {-right.value})")
            raise self.unsupported("subtracting a value that is not a constant")
        if node.op == "+":
            kinds = {
                "array": "joining lists (+, .append(), .extend())",
                "any": "+ on values of unknown type",
            }
            raise self.unsupported(kinds.get(node.kind, f"+ on {node.kind} values"))
        if node.op == "-":
            raise self.unsupported(f"- on {node.kind} values")
        raise self.unsupported(_BINARY_NAMES[node.op])

    def emit_Compare(self, node: ir.Compare) -> Rendered:
        if node.op == "in" and node.container == "array":
            return self.call("States.ArrayContains", node.right, node.left)
        raise self.unsupported(
            f"the comparison {node.op!r} as a value", "it can only be the condition of an if/while"
        )

    def emit_IsNull(self, node: ir.IsNull) -> Rendered:
        raise self.unsupported(
            "'is None' as a value", "it can only be the condition of an if/while"
        )

    def emit_BoolOp(self, node: ir.BoolOp) -> Rendered:
        raise self.unsupported(
            f"'{node.op}' as a value", "it can only be the condition of an if/while"
        )

    def emit_Not(self, node: ir.Not) -> Rendered:
        raise self.unsupported("'not' as a value", "it can only be the condition of an if/while")

    def emit_Truthy(self, node: ir.Truthy) -> Rendered:
        raise self.unsupported(
            "truthiness as a value", "it can only be the condition of an if/while"
        )

    def emit_Conditional(self, node: ir.Conditional) -> Rendered:
        raise self.unsupported(
            "a conditional expression (a if c else b)", "only a Choice state chooses"
        )

    def emit_TypeTest(self, node: ir.TypeTest) -> Rendered:
        raise self.unsupported(
            "isinstance() as a value", "it can only be the condition of an if/while"
        )

    def emit_Merge(self, node: ir.Merge) -> Rendered:
        """Merged dicts: States.JsonMerge, shallow as Python's merge is, one pair at a time."""
        parts = [self.render(p) for p in node.parts]
        if all(isinstance(p, Lit) and isinstance(p.value, dict) for p in parts):
            merged: dict[str, Any] = {}
            for rendered in parts:
                assert isinstance(rendered, Lit)
                merged.update(rendered.value)
            return Lit(merged)
        text = self.argument(node.parts[0])
        if len(node.parts) == 1:
            # {**a} alone is a copy of a; JsonMerge with an empty object keeps it a dict.
            return Dyn(f"States.JsonMerge({text}, {literal_argument({})}, false)")
        for part in node.parts[1:]:
            text = f"States.JsonMerge({text}, {self.argument(part)}, false)"
        return Dyn(text)

    def emit_SetItem(self, node: ir.SetItem) -> Rendered:
        """`d["k"] = v` merges `{"k": v}` into d; a computed key or a list element cannot be
        named in an intrinsic."""
        if not (isinstance(node.key, ir.Const) and isinstance(node.key.value, str)):
            raise self.unsupported(
                "assigning an item by a computed key or a list index",
                "States.JsonMerge sets a member named in the flow",
            )
        member = ir.ObjectOf(((node.key.value, node.value),))
        return self.emit_Merge(ir.Merge((node.obj, member)))

    def emit_Formatted(self, node: ir.Formatted) -> Rendered:
        raise self.unsupported("a format spec in an f-string", "States.Format has none")

    def emit_Collected(self, node: ir.Collected) -> Rendered:
        raise self.unsupported(
            f"appending to {node.member!r} in a for loop",
            "no intrinsic function joins the lists of the iterations",
        )

    def emit_DeleteItem(self, node: ir.DeleteItem) -> Rendered:
        raise self.unsupported("'del' of an item", "no intrinsic function removes a member")

    def emit_Comprehension(self, node: ir.Comprehension) -> Rendered:
        raise self.unsupported("a comprehension without a service call")

    # -- displays ------------------------------------------------------------------------

    def emit_ListOf(self, node: ir.ListOf) -> Rendered:
        items = [self.render(i) for i in node.items]
        if all(isinstance(i, Lit) for i in items):
            return Lit([i.value for i in items if isinstance(i, Lit)])
        return self.call("States.Array", *node.items)

    def emit_ObjectOf(self, node: ir.ObjectOf) -> Rendered:
        """An object computed inside an expression: its JSON text, parsed (StringToJson)."""
        parts: list[str] = []
        args: list[str] = []
        self._json_text(node, parts, args)
        if not args:
            return Lit(json.loads("".join(parts)))
        template = "".join(quote(p)[1:-1] if p is not _HOLE else "{}" for p in parts)
        return Dyn(f"States.StringToJson(States.Format('{template}', {', '.join(args)}))")

    def _json_text(self, node: ir.Expr, parts: list[str], args: list[str]) -> None:
        if isinstance(node, ir.ObjectOf):
            parts.append("{")
            for i, (key, value) in enumerate(node.entries):
                parts.append(("," if i else "") + _json(key) + ":")
                self._json_text(value, parts, args)
            parts.append("}")
            return
        rendered = self.render(node)
        if isinstance(rendered, Lit):
            parts.append(_json(rendered.value))
            return
        parts.append(_HOLE)
        args.append(f"States.JsonToString({rendered.text})")

    def emit_Format(self, node: ir.Format) -> Rendered:
        """An f-string: States.Format. Booleans and None read true/false/null, not Python's."""
        template: list[str] = []
        args: list[str] = []
        for part in node.parts:
            rendered = self.render(part)
            if isinstance(rendered, Lit) and not isinstance(rendered.value, list | dict):
                template.append(str(rendered.value))  # Python's str() of a constant
            else:
                template.append(_HOLE)
                args.append(self.argument(part))
        if not args:
            return Lit("".join(p for p in template if p is not _HOLE))
        text = "".join("{}" if p is _HOLE else quote(p)[1:-1] for p in template)
        return Dyn(f"States.Format('{text}', {', '.join(args)})")

    # -- built-ins -----------------------------------------------------------------------

    def emit_Builtin(self, node: ir.Builtin) -> Rendered:
        if node.name == "timestamp":
            return self.render(node.args[0])
        if node.name == "str":
            # States.Format writes numbers and strings as str() does; booleans and None it
            # writes true/false/null.
            value = self.render(node.args[0])
            if isinstance(value, Lit):
                return Lit(str(value.value))
            return Dyn(f"States.Format('{{}}', {value.text})")
        if node.name == "method.split":
            return self._split(node.args)
        entry = INTRINSIC_BUILTINS.get(node.name)
        if entry is None:
            raise self.unsupported(_builtin_name(node.name))
        intrinsic, low, high, constants = entry
        if not low <= len(node.args) <= high:
            raise InternalError(f"{node.name} takes {low}..{high} arguments")
        call = self.call(intrinsic, *node.args)
        return Dyn(call.text[:-1] + constants + ")") if constants else call

    def _split(self, args: tuple[ir.Expr, ...]) -> Rendered:
        # States.StringSplit splits at every character of its delimiter and drops empty parts
        # (intrinsic-functions.html; moto's engine, whose cases were recorded against AWS, does
        # the same). That is str.split() with no separator over ASCII whitespace; str.split(sep)
        # keeps empty parts ("a,,b" gives ["a", "", "b"]) and StringSplit cannot.
        if len(args) > 1:
            raise self.unsupported(
                "str.split(sep)",
                "States.StringSplit drops the empty parts str.split(sep) keeps; "
                "str.split() with no separator can be written",
            )
        return self.call("States.StringSplit", args[0], ir.Const(_WHITESPACE))


_WHITESPACE = " \t\n\r\x0b\x0c"


class _Hole(str):
    """Marks where a computed value goes in a template (compared by identity)."""


_HOLE = _Hole("{}")


def _nesting(text: str) -> int:
    """How deeply intrinsic calls nest in `text` (parentheses outside string literals)."""
    depth = deepest = 0
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and char == ")":
            depth -= 1
    return deepest


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _builtin_name(name: str) -> str:
    if name.startswith("method."):
        return f".{name.removeprefix('method.')}()"
    return f"{name}()"


def as_ir(value: Any) -> ir.Expr:
    """Arguments mix plain JSON with IR leaves; make the whole an IR expression."""
    if isinstance(value, ir.Expr):
        return value
    if isinstance(value, dict):
        return ir.ObjectOf(tuple((k, as_ir(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ir.ListOf(tuple(as_ir(v) for v in value))
    return ir.Const(value)
