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
# Functions with no Python that flowdsl compiles to the same value (each run differs, or the
# Python would mean something else); named in the refusal.
_NO_PYTHON = {
    "uuid": "a random UUID",
    "millis": "the current time",
    "now": "the current time",
    "random": "a random number",
    "hash": "a hash",
    "partition": "Step Functions' $partition",
    "range": "Step Functions' $range",
    "eval": "$eval",
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
        if isinstance(n, ast.expr) and _is_call(n, "timestamp") and id(n) not in compared
    ]
    if loose:
        raise translator.refuse("$toMillis other than on both sides of a comparison")
    return converted


def result_steps(template: Any) -> Iterator[tuple[str, ...]]:
    """The field names after every `$states.result` the template reads (`()` for the whole)."""
    for text in _expressions(template):
        yield from _result_steps(parse(text))


def reads_input(template: Any) -> bool:
    """The template reads `$states.input` (so the input must be kept until it is evaluated)."""
    return any("$states.input" in text for text in _expressions(template))


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


class _Translator:
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
        if op in _COMPARISONS and _is_call(left, "timestamp") and _is_call(right, "timestamp"):
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
                if _is_call(converted, "str"):  # flowdsl writes an f-string's `{x}` as str(x)
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

    # -- functions -----------------------------------------------------------------------

    def _function(self, node: Any) -> ast.expr:
        procedure = node.procedure
        if procedure.type != "variable":
            raise self.refuse("a call of a computed function")
        name = str(procedure.value)
        if name in _NO_PYTHON:
            raise self.refuse(f"${name}() ({_NO_PYTHON[name]})")
        handler = getattr(self, f"fn_{name}", None)
        if handler is None:
            raise self.refuse(f"the function ${name}")
        args = list(node.arguments)
        result: ast.expr | None = handler(*args) if _arity_ok(handler, len(args)) else None
        if result is None:
            raise self.refuse(f"${name} with {len(args)} arguments")
        return result

    def _call(self, name: str, *args: ast.expr) -> ast.expr:
        return ast.Call(func=paths.name(name), args=list(args), keywords=[])

    def _method(self, receiver: ast.expr, method: str, *args: ast.expr) -> ast.expr:
        func = ast.Attribute(value=receiver, attr=method, ctx=ast.Load())
        return ast.Call(func=func, args=list(args), keywords=[])

    def _text(self, node: Any, what: str) -> ast.expr:
        if node.type == "regex":
            raise self.refuse(f"a regular expression as {what}")
        return self.node(node)

    # Each fn_<name> is the JSONata function $<name>; what Python flowdsl compiles back to
    # it is said where it is not the plain same-named built-in.
    def fn_string(self, value: Any) -> ast.expr:
        return self._call("str", self.node(value))

    def fn_number(self, value: Any) -> ast.expr:
        return self._call("float", self.node(value))  # flowdsl's float() is $number

    def fn_count(self, value: Any) -> ast.expr:
        return self._call("len", self.node(value))

    def fn_length(self, value: Any) -> ast.expr:
        return self._call("len", self.node(value))

    def fn_sum(self, value: Any) -> ast.expr:
        return self._call("sum", self.node(value))

    def fn_abs(self, value: Any) -> ast.expr:
        return self._call("abs", self.node(value))

    def fn_round(self, value: Any, digits: Any = None) -> ast.expr:
        # Both round halves to even.
        args = [self.node(value)] + ([self.node(digits)] if digits is not None else [])
        return self._call("round", *args)

    def fn_floor(self, value: Any) -> ast.expr:
        return ast.BinOp(left=self.node(value), op=ast.FloorDiv(), right=ast.Constant(1))

    def fn_power(self, base: Any, exponent: Any) -> ast.expr:
        return ast.BinOp(left=self.node(base), op=ast.Pow(), right=self.node(exponent))

    def fn_max(self, value: Any) -> ast.expr:
        return self._call("max", self.node(value))

    def fn_min(self, value: Any) -> ast.expr:
        return self._call("min", self.node(value))

    def fn_uppercase(self, value: Any) -> ast.expr:
        return self._method(self.node(value), "upper")

    def fn_lowercase(self, value: Any) -> ast.expr:
        return self._method(self.node(value), "lower")

    def fn_not(self, value: Any) -> ast.expr:
        return ast.UnaryOp(op=ast.Not(), operand=without_bool(self.node(value)))

    def fn_boolean(self, value: Any) -> ast.expr:
        return self._call("bool", self.node(value))

    def fn_parse(self, value: Any) -> ast.expr:
        return self._method(paths.name("json"), "loads", self.node(value))

    def fn_join(self, items: Any, separator: Any = None) -> ast.expr:
        sep = self.node(separator) if separator is not None else ast.Constant("")
        return self._method(sep, "join", self.node(items))

    def fn_split(self, text: Any, separator: Any) -> ast.expr | None:
        sep = self._text(separator, "the separator")
        if isinstance(sep, ast.Constant) and sep.value == "":
            return None  # $split(s, '') gives the characters; str.split('') raises
        return self._method(self.node(text), "split", sep)

    def fn_replace(self, text: Any, pattern: Any, replacement: Any) -> ast.expr:
        old = self._text(pattern, "the pattern")
        return self._method(self.node(text), "replace", old, self.node(replacement))

    def fn_contains(self, text: Any, pattern: Any) -> ast.expr:
        part = self._text(pattern, "the pattern")
        return ast.Compare(left=part, ops=[ast.In()], comparators=[self.node(text)])

    def fn_substring(self, text: Any, start: Any, length: Any = None) -> ast.expr | None:
        # Only from a literal non-negative start: JSONata counts a negative one from the end
        # and clamps differently from a Python slice.
        if start.type != "number" or start.value < 0 or not float(start.value).is_integer():
            return None
        begin = int(start.value)
        if length is None:
            stop = None
        elif length.type == "number" and length.value >= 0 and float(length.value).is_integer():
            stop = ast.Constant(begin + int(length.value))
        else:
            return None
        piece = ast.Slice(lower=ast.Constant(begin) if begin else None, upper=stop)
        return ast.Subscript(value=self.node(text), slice=piece, ctx=ast.Load())

    def fn_toMillis(self, value: Any) -> ast.expr:
        # Only as both sides of a comparison (`expression` checks): timestamp() is no number.
        return self._call("timestamp", self.node(value))

    def fn_keys(self, value: Any) -> ast.expr:
        return self._call("list", self._method(self.node(value), "keys"))

    def fn_exists(self, value: Any) -> ast.expr | None:
        """`$exists(a.b)` is `"b" in a` (a key of an object); other forms have no Python."""
        converted = self.node(value)
        if not (
            isinstance(converted, ast.Subscript)
            and isinstance(converted.slice, ast.Constant)
            and isinstance(converted.slice.value, str)
        ):
            return None
        return ast.Compare(left=converted.slice, ops=[ast.In()], comparators=[converted.value])

    def fn_merge(self, objects: Any) -> ast.expr | None:
        if objects.type != "unary" or objects.value != "[":
            return None
        keys: list[ast.expr | None] = []
        values: list[ast.expr] = []
        for part in (self.node(e) for e in objects.expressions):
            if isinstance(part, ast.Dict):  # `{**a, "k": v}`: a literal's members inline
                keys.extend(part.keys)
                values.extend(part.values)
            else:
                keys.append(None)
                values.append(part)
        return ast.Dict(keys=keys, values=values)

    def fn_append(self, first: Any, second: Any) -> ast.expr:
        # flowdsl's `+` appends when its left operand is a list, as $append does.
        return ast.BinOp(left=self.node(first), op=ast.Add(), right=self.node(second))


def without_bool(test: ast.expr) -> ast.expr:
    """`bool(x)` where only the truth of it counts (`not`, `if`): `x`."""
    if _is_call(test, "bool"):
        assert isinstance(test, ast.Call)
        return test.args[0]
    return test


def _is_call(node: ast.expr, function: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == function
        and len(node.args) == 1
    )


def _operands(node: Any, op: str) -> list[Any]:
    if node.type == "binary" and node.value == op:
        return _operands(node.lhs, op) + _operands(node.rhs, op)
    return [node]


def _arity_ok(handler: Any, count: int) -> bool:
    import inspect

    parameters = list(inspect.signature(handler).parameters.values())
    required = sum(1 for p in parameters if p.default is inspect.Parameter.empty)
    return required <= count <= len(parameters)
