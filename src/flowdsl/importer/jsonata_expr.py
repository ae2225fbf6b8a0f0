"""A JSONata `{% %}` expression as the Python expression flowdsl's JSONata dialect compiles
back to the same JSONata (or to JSONata that computes the same value).

Expressions are parsed with jsonata-python's parser (the one the offline runner evaluates
with). `$states.input` is the data variable of the scope, `$states.result` and
`$states.errorOutput` the names the state writer binds them to, `$states.context.*` flowdsl's
`context` attributes, `$name` a workflow variable. Anything else is refused through the
importer's one refusal path (`Unsupported`), naming the construct.
JSONata in Step Functions: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
JSONata operators and functions: https://docs.jsonata.org/overview.html
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from flowdsl.importer import jsonata_idioms as idioms
from flowdsl.importer import paths
from flowdsl.importer.jsonata_functions import FunctionCalls, is_call
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported

_OPEN, _CLOSE = "{%", "%}"

_ARITHMETIC: dict[str, type[ast.operator]] = {
    "+": ast.Add,
    "-": ast.Sub,
    "*": ast.Mult,
    "/": ast.Div,
}
_COMPARISONS: dict[str, type[ast.cmpop]] = {
    "=": ast.Eq,
    "!=": ast.NotEq,
    "<": ast.Lt,
    "<=": ast.LtE,
    ">": ast.Gt,
    ">=": ast.GtE,
    "in": ast.In,
}


@dataclass
class Scope:
    """What `$states.*` reads where an expression is written."""

    frame: Frame  # `$states.input` (frame.root()), Map item and index, the known variables
    result: ast.expr | None = None  # `$states.result`
    result_prefix: tuple[str, ...] = ()  # steps of `$states.result` the call already took
    error: ast.expr | None = None  # `$states.errorOutput`


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_OPEN) and value.endswith(_CLOSE)


def parse(text: str) -> Any:
    """The parsed tree of one `{% %}` string (Unsupported when jsonata cannot read it)."""
    from jsonata.parser import Parser

    source = text[len(_OPEN) : -len(_CLOSE)]
    try:
        return Parser().parse(source)
    except Exception as exc:  # jsonata-python raises its JException and plain Python errors
        raise Unsupported(f"cannot read the JSONata expression {text!r}: {exc}") from None


def value(template: Any, scope: Scope) -> ast.expr:
    """A JSONata field value: a `{% %}` string, or JSON whose strings may be `{% %}` ones."""
    if is_expression(template):
        return expression(template, scope)
    if isinstance(template, dict):
        return ast.Dict(
            keys=[ast.Constant(k) for k in template],
            values=[value(v, scope) for v in template.values()],
        )
    if isinstance(template, list):
        return ast.List(elts=[value(v, scope) for v in template], ctx=ast.Load())
    return ast.Constant(template)


def expression(text: str, scope: Scope) -> ast.expr:
    translator = _Translator(scope, text)
    converted = translator.node(parse(text))
    compared = {
        id(side)
        for node in ast.walk(converted)
        if isinstance(node, ast.Compare)
        for side in (node.left, *node.comparators)
    }
    loose = [
        n
        for n in ast.walk(converted)
        if isinstance(n, ast.expr) and is_call(n, "timestamp") and id(n) not in compared
    ]
    if loose:
        raise translator.refuse("$toMillis other than on both sides of a comparison")
    return converted


def result_steps(template: Any) -> Iterator[tuple[str, ...]]:
    """The field names after every `$states.result` the template reads (`()` for the whole)."""
    for text in _expressions(template):
        yield from _result_steps(parse(text))


def reads_variables(template: Any) -> set[str]:
    found: set[str] = set()
    for text in _expressions(template):
        found |= _variables(parse(text))
    return found


def _expressions(template: Any) -> Iterator[str]:
    if is_expression(template):
        yield template
    elif isinstance(template, dict):
        for item in template.values():
            yield from _expressions(item)
    elif isinstance(template, list):
        for item in template:
            yield from _expressions(item)


def _children(node: Any) -> Iterator[Any]:
    for attribute in ("lhs", "rhs", "expression", "condition", "then", "_else", "procedure"):
        child = getattr(node, attribute, None)
        if child is not None and hasattr(child, "type"):
            yield child
    for attribute in ("steps", "expressions", "arguments", "stages", "predicate"):
        yield from getattr(node, attribute, None) or []
    for pair in getattr(node, "lhs_object", None) or []:
        yield from pair
    if getattr(node, "type", None) == "filter":
        yield node.expr


def _result_steps(node: Any) -> Iterator[tuple[str, ...]]:
    steps = getattr(node, "steps", None) if node.type == "path" else None
    if steps and _is_states(steps[0]):
        if len(steps) > 1 and steps[1].value == "result":
            names = []
            for step in steps[2:]:
                if step.type != "name" or step.stages:
                    break
                names.append(str(step.value))
            yield tuple(names)
        for step in steps:  # what the filters of its steps read
            for stage in step.stages or []:
                yield from _result_steps(stage)
        return
    if node.type == "variable" and node.value == "states":
        yield ()
    for child in _children(node):
        yield from _result_steps(child)


def _variables(node: Any) -> set[str]:
    found = {str(node.value)} if node.type == "variable" and node.value else set()
    for child in _children(node):
        found |= _variables(child)
    return found


def _is_states(step: Any) -> bool:
    return bool(step.type == "variable" and step.value == "states")


class _Translator(FunctionCalls):
    def __init__(self, scope: Scope, text: str) -> None:
        self.scope = scope
        self.text = text

    def refuse(self, what: str) -> Unsupported:
        return Unsupported(
            f"the JSONata expression {self.text!r} uses {what}, which has no Python form "
            "flowdsl compiles back to the same JSONata"
        )

    def node(self, node: Any) -> ast.expr:
        found = idioms.match(node)
        if found is not None:
            return self._indexed(self._idiom(found), node)
        kind = node.type
        if kind in ("string", "number"):
            return self._indexed(ast.Constant(node.value), node)
        if kind == "value":  # true, false, null
            return ast.Constant(node.value)
        if kind == "variable":
            return self._indexed(self._variable(node), node)
        if kind == "path":
            return self._path(node.steps)
        if kind == "binary":
            return self._binary(node)
        if kind == "unary":
            return self._unary(node)
        if kind == "condition":
            if getattr(node, "_else", None) is None:
                raise self.refuse("a condition without an else part (`a ? b`)")
            return ast.IfExp(
                test=self.node(node.condition),
                body=self.node(node.then),
                orelse=self.node(node._else),
            )
        if kind == "block":
            if len(node.expressions) != 1:
                raise self.refuse("a block of several expressions (`(a; b)`)")
            return self._indexed(self.node(node.expressions[0]), node)
        if kind == "function":
            return self._indexed(self._function(node), node)
        names = {
            "bind": "a variable binding (`:=`)",
            "lambda": "a function definition",
            "regex": "a regular expression",
            "apply": "the chain operator `~>`",
            "wildcard": "a wildcard",
            "descendant": "a descendant wildcard (`**`)",
            "sort": "a sort (`^(...)`)",
            "transform": "a transform (`|...|`)",
            "parent": "the parent operator (`%`)",
        }
        raise self.refuse(names.get(kind, f"the construct {kind!r}"))

    # -- flowdsl's own idioms --------------------------------------------------------------

    def _idiom(self, found: idioms.Match) -> ast.expr:
        parts = {k: v for k, v in found.parts.items() if not isinstance(v, str)}
        a = self.node(parts["_A"]) if "_A" in parts else None
        b = self.node(parts["_B"]) if "_B" in parts else None
        idiom = found.idiom
        if idiom == "comprehension":
            return self._comprehension(found)
        assert a is not None
        if idiom == "bool":
            return self._call("bool", a)
        if idiom == "str":
            return self._call("str", a)
        if idiom == "member":
            return a
        if idiom in ("is_none", "is_not_none"):
            op: ast.cmpop = ast.Is() if idiom == "is_none" else ast.IsNot()
            return ast.Compare(left=a, ops=[op], comparators=[ast.Constant(None)])
        if idiom in ("len", "any", "all", "sorted", "int"):
            return self._call(idiom, a)
        if idiom in ("min", "max"):
            # flowdsl writes min(a, b) as $sort([a, b])[0], min(xs) as $sort(xs)[0].
            spread = isinstance(a, ast.List) and len(a.elts) > 1
            return self._call(idiom, *(a.elts if spread and isinstance(a, ast.List) else [a]))
        if idiom.startswith("isinstance:"):
            kind = paths.name(idiom.split(":")[1])
            return ast.Call(func=paths.name("isinstance"), args=[a, kind], keywords=[])
        if idiom in ("strip", "lstrip", "rstrip", "values"):
            return self._method(a, idiom)
        if idiom == "split_whitespace":
            return self._method(a, "split")
        if idiom == "json_dumps":
            return self._method(paths.name("json"), "dumps", a)
        if idiom == "keys":
            return self._method(a, "keys")
        assert b is not None
        if idiom == "in":
            return ast.Compare(left=a, ops=[ast.In()], comparators=[b])
        if idiom in ("add", "floordiv", "mod"):
            operator = {"add": ast.Add, "floordiv": ast.FloorDiv, "mod": ast.Mod}[idiom]()
            return ast.BinOp(left=a, op=operator, right=b)
        if idiom in ("split", "startswith", "endswith"):
            return self._method(a, idiom, b)
        if idiom in ("slice", "slice_to_end"):
            lower = None if isinstance(b, ast.Constant) and b.value == 0 else b
            upper = self.node(parts["_C"]) if idiom == "slice" else None
            piece = ast.Slice(lower=lower, upper=upper)
            return ast.Subscript(value=a, slice=piece, ctx=ast.Load())
        if idiom == "index":
            return ast.Subscript(value=a, slice=b, ctx=ast.Load())
        if idiom == "get":
            return self._method(a, "get", b, self.node(parts["_C"]))
        raise self.refuse(f"flowdsl's {idiom} form")  # pragma: no cover - every idiom is above

    def _comprehension(self, found: idioms.Match) -> ast.expr:
        """`$reduce(items, function($acc, $x) { $append($acc, [e]) }, [])` (flowdsl's list
        comprehension) -> `[e for x in items]`, `$x` a name of the comprehension only."""
        loop = str(found.parts["_V"])
        items = self.node(found.parts["_A"])
        frame = self.scope.frame
        inner = _Translator(
            replace(self.scope, frame=replace(frame, variables={*frame.variables, loop})), self.text
        )
        element = inner.node(found.parts["_E"])
        condition = [inner.node(found.parts["_C"])] if "_C" in found.parts else []
        target = ast.Name(id=paths.variable_name(loop), ctx=ast.Store())
        generator = ast.comprehension(target=target, iter=items, ifs=condition, is_async=0)
        return ast.ListComp(elt=element, generators=[generator])

    # -- paths ---------------------------------------------------------------------------

    def _variable(self, node: Any) -> ast.expr:
        name = node.value
        if name == "states":
            raise self.refuse("`$states` as a whole")
        if name == "":
            raise self.refuse("`$` (the context value)")
        if name not in self.scope.frame.variables:
            raise Unsupported(
                f"the JSONata expression {self.text!r} reads the variable ${name}, assigned nowhere"
            )
        return paths.name(paths.variable_name(name))

    def _path(self, steps: list[Any]) -> ast.expr:
        first, rest = steps[0], steps[1:]
        if _is_states(first):
            if first.predicate or first.stages:
                raise self.refuse("a filter on `$states`")
            current, rest = self._states(rest)
        elif first.type == "name":
            raise self.refuse(
                f"the field `{first.value}` of `$` (write `$states.input.{first.value}`)"
            )
        else:
            current = self.node(first)
        for step in rest:
            if step.type != "name":
                raise self.refuse(f"a {step.type} step in a path")
            current = paths.subscript(current, str(step.value))
            current = self._stages(current, step.stages)
        return current

    def _states(self, steps: list[Any]) -> tuple[ast.expr, list[Any]]:
        if not steps or steps[0].type != "name":
            raise self.refuse("`$states` as a whole")
        which, rest = steps[0].value, steps[1:]
        if which == "context":
            if steps[0].stages:
                raise self.refuse("an index into `$states.context`")
            return self._context(rest)
        if which == "input":
            base = self.scope.frame.root()
        elif which == "result" and self.scope.result is not None:
            prefix = self.scope.result_prefix
            taken = [str(s.value) for s in rest[: len(prefix)] if not s.stages]
            if tuple(taken) != prefix or (prefix and steps[0].stages):
                raise self.refuse("the call's whole result where only its Payload is kept")
            base, rest = copy.deepcopy(self.scope.result), rest[len(prefix) :]
        elif which == "errorOutput" and self.scope.error is not None:
            base = copy.deepcopy(self.scope.error)
        else:
            raise self.refuse(f"`$states.{which}`, which this field cannot read")
        return self._stages(base, steps[0].stages), rest

    def _context(self, steps: list[Any]) -> tuple[ast.expr, list[Any]]:
        # The longest run of plain names that is a context path flowdsl knows.
        names: list[str] = []
        for step in steps:
            if step.type != "name" or not str(step.value).isidentifier():
                break
            names.append(str(step.value))
            if step.stages:
                break
        for length in range(len(names), 0, -1):
            try:
                found = paths.path("$$." + ".".join(names[:length]), self.scope.frame)
            except Unsupported:
                continue
            last = steps[length - 1]
            return self._stages(found, last.stages), steps[length:]
        raise self.refuse(f"the context field `$states.context.{'.'.join(names)}`")

    def _stages(self, current: ast.expr, stages: list[Any] | None) -> ast.expr:
        for stage in stages or []:
            index = getattr(stage, "expr", None)
            if stage.type != "filter" or index is None or index.type != "number":
                raise self.refuse("a filter (`[condition]`) in a path")
            if not float(index.value).is_integer():
                raise self.refuse("a fractional array index")
            current = paths.subscript(current, int(index.value))
        return current

    def _indexed(self, current: ast.expr, node: Any) -> ast.expr:
        return self._stages(current, getattr(node, "predicate", None))

    # -- operators -----------------------------------------------------------------------

    def _binary(self, node: Any) -> ast.expr:
        op = node.value
        if op == "&":
            return self._concatenation(node)
        left, right = self.node(node.lhs), self.node(node.rhs)
        if op in _ARITHMETIC:
            return ast.BinOp(left=left, op=_ARITHMETIC[op](), right=right)
        if op in _COMPARISONS and is_call(left, "timestamp") and is_call(right, "timestamp"):
            # flowdsl compares timestamp(a) < timestamp(b) as $toMillis(a) < $toMillis(b).
            return ast.Compare(left=left, ops=[_COMPARISONS[op]()], comparators=[right])
        if op in _COMPARISONS:
            return ast.Compare(left=left, ops=[_COMPARISONS[op]()], comparators=[right])
        if op in ("and", "or"):
            bool_op: ast.boolop = ast.And() if op == "and" else ast.Or()
            values: list[ast.expr] = []
            for side in (left, right):
                same = isinstance(side, ast.BoolOp) and type(side.op) is type(bool_op)
                values.extend(side.values if isinstance(side, ast.BoolOp) and same else [side])
            return ast.BoolOp(op=bool_op, values=values)
        names = {"%": "the remainder `%` (JSONata's sign rule is not Python's)", "..": "a range"}
        raise self.refuse(names.get(op, f"the operator {op!r}"))

    def _concatenation(self, node: Any) -> ast.expr:
        """`a & 'b' & c` -> f"{a}b{c}" (an f-string is how flowdsl writes `&`)."""
        parts: list[ast.expr] = []
        for operand in _operands(node, "&"):
            converted = self.node(operand)
            if isinstance(converted, ast.Constant) and isinstance(converted.value, str):
                last = parts[-1] if parts else None
                if isinstance(last, ast.Constant) and isinstance(last.value, str):
                    parts[-1] = ast.Constant(last.value + converted.value)
                else:
                    parts.append(converted)
            elif isinstance(converted, ast.Constant):
                # JSONata writes true/null as `true`/`null`, Python's f-string `True`/`None`.
                raise self.refuse("`&` with a literal that is not text")
            else:
                if is_call(converted, "str"):  # flowdsl writes an f-string's `{x}` as str(x)
                    assert isinstance(converted, ast.Call)
                    converted = converted.args[0]
                parts.append(ast.FormattedValue(value=converted, conversion=-1, format_spec=None))
        return ast.JoinedStr(values=parts)

    def _unary(self, node: Any) -> ast.expr:
        if node.value == "-":
            return ast.UnaryOp(op=ast.USub(), operand=self.node(node.expression))
        if node.value == "[":
            return self._indexed(
                ast.List(elts=[self.node(e) for e in node.expressions], ctx=ast.Load()), node
            )
        if node.value == "{":
            keys: list[ast.expr | None] = []
            values: list[ast.expr] = []
            for key, item in node.lhs_object:
                if key.type != "string":
                    raise self.refuse("an object constructor with a computed key")
                keys.append(ast.Constant(key.value))
                values.append(self.node(item))
            return ast.Dict(keys=keys, values=values)
        raise self.refuse(f"the operator {node.value!r}")


def _operands(node: Any, op: str) -> list[Any]:
    if node.type == "binary" and node.value == op:
        return _operands(node.lhs, op) + _operands(node.rhs, op)
    return [node]
