"""JSONata's built-in functions as the Python flowdsl compiles back to them: `$count(x)` is
`len(x)`, `$uppercase(s)` is `s.upper()`, `$exists(a.b)` is `"b" in a`, ... Each `fn_<name>`
is the function `$<name>`; a function missing here (or called with other arguments) is refused
by name. Functions: https://docs.jsonata.org/overview.html
"""

from __future__ import annotations

import ast
import inspect
from typing import Any

from flowdsl.importer import paths
from flowdsl.importer.problems import Unsupported

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


class FunctionCalls:
    """The function calls of `jsonata_expr`'s translator, which supplies `node` and `refuse`."""

    def node(self, node: Any) -> ast.expr:
        raise NotImplementedError

    def refuse(self, what: str) -> Unsupported:
        raise NotImplementedError

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
            taken = {k.value for k in keys if isinstance(k, ast.Constant)}
            inline = isinstance(part, ast.Dict) and all(
                isinstance(k, ast.Constant) and k.value not in taken for k in part.keys
            )
            if inline and isinstance(part, ast.Dict):
                # `{**a, "k": v}`: a literal's members inline (a key written twice would be an
                # error in the JSONata object constructor flowdsl writes).
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
    if is_call(test, "bool"):
        assert isinstance(test, ast.Call)
        return test.args[0]
    return test


def is_call(node: ast.expr, function: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == function
        and len(node.args) == 1
    )


def _arity_ok(handler: Any, count: int) -> bool:
    parameters = list(inspect.signature(handler).parameters.values())
    required = sum(1 for p in parameters if p.default is inspect.Parameter.empty)
    return required <= count <= len(parameters)
