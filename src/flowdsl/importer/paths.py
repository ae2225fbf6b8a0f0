"""JSONPath data flow as Python expressions: reference paths, `.$` templates, intrinsic functions.

`$` is the data variable of the scope being written (`data` in the workflow, the item variable
in a Map's iteration), `$$` the context object (`context.<attribute>`), `$name` a workflow
variable. Paths: https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
Intrinsics: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
"""

from __future__ import annotations

import ast
import copy
import json
import keyword
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from flowdsl.dsl.context import CONTEXT_PATHS
from flowdsl.importer.problems import Unsupported
from flowdsl.run import intrinsics
from flowdsl.run.errors import RuntimeFailure
from flowdsl.run.jsonpath import parse_reference

_CONTEXT_ATTRIBUTES = {path: attribute for attribute, path in CONTEXT_PATHS.items()}


@dataclass
class Frame:
    """What `$` and `$$.Map.Item.*` mean where an expression is written."""

    data: str  # the Python name holding the state's data
    item: str | None = None  # a Map iteration's item variable ($$.Map.Item.Value)
    index: str | None = None  # its index variable ($$.Map.Item.Index), when the body reads it
    variables: set[str] = field(default_factory=set)  # ASL workflow variables in scope
    uses_index: bool = False
    base: ast.expr | None = None  # what `$` reads when it is not the data variable (InputPath)

    def rebased(self, base: ast.expr) -> Frame:
        """`$` reads `base` (a state's effective input after InputPath)."""
        return replace(self, base=base)

    def root(self) -> ast.expr:
        return copy.deepcopy(self.base) if self.base is not None else name(self.data)


# Names the import writes itself; an ASL variable of the same name gets a trailing underscore.
_OWN_NAMES = {"data", "result", "err", "item", "branch", "index", "context", "json", "uuid", "_"}


def variable_name(asl_variable: str | None) -> str:
    """The Python name of an ASL workflow variable."""
    text = str(asl_variable)
    if text.startswith("__"):
        # flowdsl keeps leading `__` for its own temporaries (FD171): `__t1` is `var__t1`.
        return f"var{text}"
    clash = text in _OWN_NAMES or text.startswith(("item_", "branch_", "index_"))
    return f"{text}_" if clash or keyword.iskeyword(text) else text


def name(identifier: str) -> ast.expr:
    return ast.Name(id=identifier, ctx=ast.Load())


def subscript(value: ast.expr, step: str | int) -> ast.expr:
    return ast.Subscript(value=value, slice=ast.Constant(step), ctx=ast.Load())


def path(text: str, frame: Frame) -> ast.expr:
    """A reference path as a Python expression: `$.order.items[0]` -> `data["order"]["items"][0]`."""
    try:
        parsed = parse_reference(text)
    except RuntimeFailure as exc:
        raise Unsupported(str(exc)) from None
    if parsed is None:
        raise Unsupported(
            f"the path {text!r} uses filters, wildcards, slices or '..', which have no Python "
            "equivalent in a JSONPath workflow"
        )
    root, variable, steps = parsed
    if root == "$$":
        return _context(text, steps, frame)
    if root == "var" and variable not in frame.variables:
        raise Unsupported(f"the path {text!r} reads the variable ${variable}, assigned nowhere")
    expression = name(variable_name(variable)) if root == "var" and variable else frame.root()
    for step in steps:
        expression = subscript(expression, step)
    return expression


def _context(text: str, steps: tuple[str | int, ...], frame: Frame) -> ast.expr:
    if steps[:3] == ("Map", "Item", "Value") and frame.item is not None:
        item = name(frame.item)
        for step in steps[3:]:
            item = subscript(item, step)
        return item
    if steps == ("Map", "Item", "Index") and frame.index is not None:
        frame.uses_index = True
        return name(frame.index)
    for length in range(len(steps), 0, -1):
        attribute = _CONTEXT_ATTRIBUTES.get(tuple(map(str, steps[:length])))
        if attribute is not None:
            expression: ast.expr = ast.Attribute(
                value=name("context"), attr=attribute, ctx=ast.Load()
            )
            for step in steps[length:]:
                expression = subscript(expression, step)
            return expression
    raise Unsupported(f"the context path {text!r} has no flowdsl `context` attribute")


def template(
    value: Any, frame: Frame, *, on_path: Callable[[str], ast.expr] | None = None
) -> ast.expr:
    """A Parameters / ResultSelector / ItemSelector payload template as a Python literal."""
    read = on_path or (lambda text: value_of(text, frame))
    if isinstance(value, dict):
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for key, item in value.items():
            if key.endswith(".$") and isinstance(item, str):
                keys.append(ast.Constant(key[:-2]))
                values.append(read(item))
            else:
                keys.append(ast.Constant(key))
                values.append(template(item, frame, on_path=on_path))
        return ast.Dict(keys=keys, values=values)
    if isinstance(value, list):
        return ast.List(elts=[template(v, frame, on_path=on_path) for v in value], ctx=ast.Load())
    return ast.Constant(value)


def value_of(text: str, frame: Frame) -> ast.expr:
    """The value of a `.$` field: a path or an intrinsic function call."""
    if text.startswith("States."):
        try:
            call = intrinsics.parse(text)
        except Exception as exc:  # the runner's parser reports bad syntax as a States error
            raise Unsupported(f"cannot read the intrinsic {text!r}: {exc}") from None
        return _intrinsic(call, frame)
    return path(text, frame)


def _argument(node: Any, frame: Frame) -> ast.expr:
    if isinstance(node, intrinsics.Literal):
        return ast.Constant(node.value)
    if isinstance(node, intrinsics.PathArg):
        return path(node.path, frame)
    return _intrinsic(node, frame)


def _call(function: str, *args: ast.expr) -> ast.expr:
    target: ast.expr = name(function)
    if "." in function:
        module, attribute = function.split(".")
        target = ast.Attribute(value=name(module), attr=attribute, ctx=ast.Load())
    return ast.Call(func=target, args=list(args), keywords=[])


def _intrinsic(call: Any, frame: Frame) -> ast.expr:
    args = [_argument(a, frame) for a in call.args]
    fn = call.name
    if fn == "States.Format" and args and isinstance(call.args[0], intrinsics.Literal):
        return _format(call.args[0].value, args[1:])
    if fn == "States.StringToJson" and len(args) == 1:
        built = _object_built(call.args[0], frame)
        return built if built is not None else _call("json.loads", *args)
    if fn == "States.JsonToString" and len(args) == 1:
        return _call("json.dumps", *args)
    if fn == "States.Array":
        return ast.List(elts=args, ctx=ast.Load())
    if fn == "States.ArrayLength" and len(args) == 1:
        return _call("len", *args)
    if fn == "States.ArrayGetItem" and len(args) == 2:
        return ast.Subscript(value=args[0], slice=args[1], ctx=ast.Load())
    if fn == "States.ArrayContains" and len(args) == 2:
        return ast.Compare(left=args[1], ops=[ast.In()], comparators=[args[0]])
    if fn == "States.MathAdd" and len(args) == 2:
        return ast.BinOp(left=args[0], op=ast.Add(), right=args[1])
    if fn == "States.JsonMerge" and len(args) == 3 and _is_false(call.args[2]):
        if isinstance(args[1], ast.Dict) and None not in args[1].keys:
            # `{**event, "x": v}`: how flowdsl writes `event["x"] = v` in JSONPath.
            return ast.Dict(keys=[None, *args[1].keys], values=[args[0], *args[1].values])
        return ast.Dict(keys=[None, None], values=args[:2])
    if fn == "States.UUID" and not args:
        return _call("str", _call("uuid.uuid4"))  # flowdsl's spelling of a random UUID
    if fn == "States.StringSplit" and len(args) == 2 and _splits_at_whitespace(call.args[1]):
        # StringSplit splits at every character of its delimiter and drops empty parts: with
        # the whitespace characters that is str.split() with no separator, nothing else is.
        return ast.Call(
            func=ast.Attribute(value=args[0], attr="split", ctx=ast.Load()),
            args=[],
            keywords=[],
        )
    raise Unsupported(f"the intrinsic {fn} has no Python equivalent flowdsl compiles back to it")


def _object_built(node: Any, frame: Frame) -> ast.expr | None:
    """`States.StringToJson(States.Format('\\{"k":{}\\}', States.JsonToString(v)))`, the
    JSONPath of a dict with computed values, as that dict (`{"k": v}`); None if it is not."""
    if not (
        isinstance(node, intrinsics.Call)
        and node.name == "States.Format"
        and node.args
        and isinstance(node.args[0], intrinsics.Literal)
        and isinstance(node.args[0].value, str)
    ):
        return None
    values = node.args[1:]
    if not all(isinstance(v, intrinsics.Call) and v.name == "States.JsonToString" for v in values):
        return None
    pieces = _split_format(node.args[0].value)
    if len(pieces) != len(values) + 1:
        return None
    holes = [f"\u0000{i}" for i in range(len(values))]
    text = pieces[0] + "".join(json.dumps(h) + p for h, p in zip(holes, pieces[1:], strict=True))
    try:
        shape = json.loads(text)
    except ValueError:
        return None
    if not isinstance(shape, dict):
        return None
    filled = {h: _argument(v.args[0], frame) for h, v in zip(holes, values, strict=True) if v.args}
    if len(filled) != len(values):
        return None

    def build(value: Any) -> ast.expr:
        if isinstance(value, str) and value in filled:
            return filled[value]
        if isinstance(value, dict):
            return ast.Dict(
                keys=[ast.Constant(k) for k in value], values=[build(v) for v in value.values()]
            )
        if isinstance(value, list):
            return ast.List(elts=[build(v) for v in value], ctx=ast.Load())
        return ast.Constant(value)

    return build(shape)


def _splits_at_whitespace(node: Any) -> bool:
    whitespace = set(" \t\n\r\x0b\x0c")
    return isinstance(node, intrinsics.Literal) and set(str(node.value)) == whitespace


def _is_false(node: Any) -> bool:
    return isinstance(node, intrinsics.Literal) and node.value is False


def _format(text: str, args: list[ast.expr]) -> ast.expr:
    """`States.Format('Hello {}', $.name)` -> f"Hello {data['name']}"."""
    parts: list[ast.expr] = []
    pieces = _split_format(text)
    if len(pieces) - 1 != len(args):
        raise Unsupported(
            f"States.Format({text!r}, ...) has {len(pieces) - 1} placeholders for {len(args)} values"
        )
    for index, piece in enumerate(pieces):
        if piece:
            parts.append(ast.Constant(piece))
        if index < len(args):
            parts.append(ast.FormattedValue(value=args[index], conversion=-1, format_spec=None))
    return ast.JoinedStr(values=parts)


def _split_format(text: str) -> list[str]:
    """The literal pieces around `{}`; the runner's parser keeps `\\{`/`\\}` escapes."""
    pieces: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\\{", i) or text.startswith("\\}", i):
            current.append(text[i + 1])
            i += 2
        elif text.startswith("{}", i):
            pieces.append("".join(current))
            current = []
            i += 2
        else:
            current.append(text[i])
            i += 1
    pieces.append("".join(current))
    return pieces
