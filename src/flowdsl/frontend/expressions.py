"""Python expressions in a workflow body -> IR expressions, with the types the compiler can tell."""

from __future__ import annotations

import ast
import difflib
import json
import math
from collections.abc import Callable
from types import ModuleType
from typing import Any, Literal

from flowdsl.dsl.context import CONTEXT_PATHS, _Context
from flowdsl.dsl.resources import Resource
from flowdsl.errors import CompileError
from flowdsl.frontend.differences import fractional, has_big_integer, mixes_boolean_and_number
from flowdsl.frontend.format_specs import format_spec
from flowdsl.frontend.source import ModuleSource
from flowdsl.frontend.symbols import Symbols
from flowdsl.ir import expr as ir
from flowdsl.ir.expr import ValueType

_BINARY: dict[type[ast.operator], ir.BinaryOp] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
}
_COMPARE: dict[type[ast.cmpop], ir.CompareOp] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
# Built-in functions a workflow may call, and the type of their result.
BUILTIN_FUNCTIONS: dict[str, ValueType] = {
    "len": "number",
    "str": "string",
    "int": "number",
    "float": "number",
    "abs": "number",
    "round": "number",
    "min": "any",
    "max": "any",
    "sum": "number",
    "sorted": "array",
    "any": "boolean",
    "all": "boolean",
    "bool": "boolean",
    "list": "array",
}
# Functions of modules a flow may import, by flowdsl name, and the type of their result.
MODULE_FUNCTIONS: dict[str, ValueType] = {"json.loads": "any", "json.dumps": "string"}
# Context object values that are no string (input-output-contextobject.html).
CONTEXT_TYPES: dict[tuple[str, ...], ValueType] = {
    ("State", "RetryCount"): "number",
    ("Map", "Item", "Index"): "number",
    ("Execution", "RedriveCount"): "number",
    ("Execution", "Input"): "any",
    ("Execution",): "object",
}
# isinstance() tests after which `and` knows a value's type.
_NARROWS: dict[ir.JsonType, ValueType] = {"string": "string", "array": "array", "object": "object"}
# Values Step Functions makes up, by flowdsl name, and their type: `str(uuid.uuid4())` is
# States.UUID() / $uuid() (intrinsic-functions.html, transforming-data.html).
GENERATED_VALUES: dict[str, ValueType] = {"uuid": "string"}
# isinstance() classes and the JSON type each one tests for.
ISINSTANCE_TYPES: dict[str, ir.JsonType] = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "list": "array",
    "dict": "object",
    "tuple": "array",
}
# String and dict methods, by the type they apply to, and the type of their result.
METHODS: dict[str, tuple[ValueType, ValueType]] = {
    "upper": ("string", "string"),
    "lower": ("string", "string"),
    "strip": ("string", "string"),
    "lstrip": ("string", "string"),
    "rstrip": ("string", "string"),
    "startswith": ("string", "boolean"),
    "endswith": ("string", "boolean"),
    "split": ("string", "array"),
    "join": ("string", "string"),
    "replace": ("string", "string"),
    "get": ("object", "any"),
    "keys": ("object", "array"),
    "values": ("object", "array"),
}


def value_type(value: Any) -> ValueType:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "any"


def is_json_value(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float | str):
        return not (isinstance(value, float) and value != value)
    if isinstance(value, list | tuple):
        return all(is_json_value(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json_value(v) for k, v in value.items())
    return False


def has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list | tuple):
        return any(has_non_finite(v) for v in value)
    if isinstance(value, dict):
        return any(has_non_finite(v) for v in value.values())
    return False


def type_of(node: ir.Expr, symbols: Symbols) -> ValueType:
    """What the compiler knows of an expression's JSON type ("any" when it cannot tell)."""
    match node:
        case ir.Const(value):
            return value_type(value)
        case ir.Var(name):
            return symbols.type_of(name)
        case ir.Format() | ir.Formatted():
            return "string"
        case ir.Compare() | ir.IsNull() | ir.BoolOp() | ir.Not() | ir.Truthy():
            return "boolean"
        case ir.ListOf() | ir.Comprehension() | ir.Slice(obj=ir.ListOf()):
            return "array"
        case ir.ObjectOf() | ir.Merge():
            return "object"
        case ir.SetItem(obj=obj) | ir.DeleteItem(obj=obj):
            return type_of(obj, symbols)
        case ir.TypeTest():
            return "boolean"
        case ir.Binary(kind=kind):
            return kind
        case ir.Builtin(name=name):
            if name in BUILTIN_FUNCTIONS:
                return BUILTIN_FUNCTIONS[name]
            if name.startswith("method."):
                return METHODS[name.removeprefix("method.")][1]
            return MODULE_FUNCTIONS.get(name) or GENERATED_VALUES.get(name, "any")
        case ir.Conditional(then=a, otherwise=b):
            ta, tb = type_of(a, symbols), type_of(b, symbols)
            return ta if ta == tb else "any"
        case ir.ContextPath(path=path):
            return CONTEXT_TYPES.get(path, "string")
    return "any"


class ExpressionTranslator:
    """One `visit_<Node>` per supported Python expression; anything else is FD120 at its node."""

    def __init__(
        self,
        source: ModuleSource,
        symbols: Symbols,
        *,
        is_integration_call: Callable[[ast.Call], bool],
        on_resource: Callable[[Resource, ast.AST], None] = lambda resource, node: None,
        on_difference: Callable[[str, ast.AST], None] = lambda code, node: None,
    ) -> None:
        self.source = source
        self.symbols = symbols
        self._is_integration_call = is_integration_call
        self._on_resource = on_resource
        # A difference from Python seen at a node: a warning (differences.py), not an error.
        self.warn = on_difference
        # Values an earlier operand of `and` tested with isinstance(): `isinstance(x, str) and
        # "k" in x` tests a substring, as Python does once x is a str.
        # (A list: an expression holding a list constant cannot be a dict key.)
        self._narrowed: list[tuple[ir.Expr, ValueType]] = []

    def error(
        self, code: str, node: ast.AST, message: str, hint: str | None = None
    ) -> CompileError:
        return CompileError.at(code, message, self.source.location(node), hint)

    def translate(self, node: ast.expr) -> ir.Expr:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            raise self.error(
                "FD120",
                node,
                f"this kind of expression ({type(node).__name__}) is not supported in a workflow",
                "compute it in a Lambda function, or use operators, literals, f-strings and the "
                "supported built-ins (len, str, int, float, round, abs, min, max, sum, sorted, "
                "any, all)",
            )
        result: ir.Expr = method(node)
        return result

    def condition(self, node: ast.expr) -> ir.Expr:
        """An expression used as a test: booleans as they are, anything else by truthiness."""
        if isinstance(node, ast.BoolOp):
            # As a test, `a and b` holds when both operands are truthy: the operand values that
            # the expression form carries (visit_BoolOp) are not needed, and JSONPath can test it.
            op: Literal["and", "or"] = "and" if isinstance(node.op, ast.And) else "or"
            saved = list(self._narrowed)
            operands: list[ir.Expr] = []
            for value in node.values:
                operands.append(self.condition(value))
                test = operands[-1]
                if op == "and" and isinstance(test, ir.TypeTest) and len(test.types) == 1:
                    narrowed = _NARROWS.get(test.types[0])
                    if narrowed is not None:
                        self._narrowed.append((test.operand, narrowed))
            self._narrowed = saved
            return ir.BoolOp(op, tuple(operands))
        return self.truthiness(self.translate(node))

    def truthiness(self, value: ir.Expr) -> ir.Expr:
        return value if type_of(value, self.symbols) == "boolean" else ir.Truthy(value)

    # -- leaves ---------------------------------------------------------------------------

    def visit_Constant(self, node: ast.Constant) -> ir.Expr:
        self._check_finite(node.value, node)
        if not is_json_value(node.value):
            raise self.error(
                "FD121",
                node,
                f"{type(node.value).__name__} literals have no JSON form",
                "use a string, number, bool, None, list or dict",
            )
        if has_big_integer(node.value):
            self.warn("FD182", node)
        return ir.Const(node.value)

    def visit_Name(self, node: ast.Name) -> ir.Expr:
        if self.symbols.is_variable(node.id):
            return ir.Var(self.symbols.asl_name(node.id))
        found, value = self.symbols.lookup_global(node.id)
        if found:
            self._check_finite(value, node)
        if found and is_json_value(value):
            if has_big_integer(value):
                self.warn("FD182", node)
            return ir.Const(_as_json(value))
        if isinstance(value, Resource):
            # A declared resource used as a value stands for its identifier (URL, ARN, name).
            self._on_resource(value, node)
            return ir.Const(value.reference)
        if found:
            raise self.error(
                "FD122",
                node,
                f"{node.id!r} is a {type(value).__name__}, not a value a workflow can use here",
                "module-level constants must be JSON values (str, number, bool, None, list, dict)",
            )
        raise self.error(
            "FD123",
            node,
            f"unknown name {node.id!r}",
            "assign it earlier in the workflow, or define it at module level",
        )

    def _check_finite(self, value: Any, node: ast.AST) -> None:
        # JSON has no Infinity or NaN (RFC 8259 section 6): Python would write them anyway.
        if has_non_finite(value):
            raise self.error(
                "FD139",
                node,
                f"{self.source.segment(node)} is not a finite number; JSON has no Infinity or NaN",
                'use a finite number, or a string such as "Infinity" if one is meant',
            )

    def visit_Attribute(self, node: ast.Attribute) -> ir.Expr:
        if isinstance(node.value, ast.Name) and not self.symbols.is_variable(node.value.id):
            found, value = self.symbols.lookup_global(node.value.id)
            if found and isinstance(value, _Context):
                path = CONTEXT_PATHS.get(node.attr)
                if path is None:
                    raise self.error(
                        "FD124",
                        node,
                        f"the context has no attribute {node.attr!r}",
                        "known: " + ", ".join(sorted(CONTEXT_PATHS)),
                    )
                return ir.ContextPath(path)
            if found:
                attr = getattr(value, node.attr, None)
                if is_json_value(attr):
                    return ir.Const(_as_json(attr))
        raise self.error(
            "FD125",
            node,
            "attribute access is not supported on workflow values",
            f"read a field with a subscript: {self.source.segment(node.value)}[{node.attr!r}]",
        )

    def visit_Subscript(self, node: ast.Subscript) -> ir.Expr:
        obj = self.translate(node.value)
        if isinstance(node.slice, ast.Slice):
            return ir.Slice(
                obj,
                self.translate(node.slice.lower) if node.slice.lower else None,
                self.translate(node.slice.upper) if node.slice.upper else None,
                self._slice_step(node.slice.step),
            )
        key = self.translate(node.slice)
        if isinstance(key, ir.Const) and isinstance(key.value, str):
            self._check_member(node, key.value)
            return ir.Field(obj, key.value)
        return ir.Index(obj, key)

    def _slice_step(self, node: ast.expr | None) -> int | None:
        if node is None:
            return None
        step = self.translate(node)
        if not (
            isinstance(step, ir.Const)
            and isinstance(step.value, int)
            and not isinstance(step.value, bool)
        ):
            raise self.error(
                "FD126", node, "a slice's step must be a whole number written in the flow"
            )
        if step.value == 0:
            raise self.error("FD126", node, "slice step cannot be zero", "e.g. items[::-1]")
        return None if step.value == 1 else step.value

    def _check_member(self, node: ast.Subscript, key: str) -> None:
        """A field read on an API result must be a member of the operation's output shape."""
        if not (isinstance(node.value, ast.Name) and self.symbols.is_variable(node.value.id)):
            return
        members = self.symbols.members_of(node.value.id)
        if members is None or key in members:
            return
        close = difflib.get_close_matches(key, sorted(members), 1)
        raise self.error(
            "FD162",
            node.slice,
            f"{node.value.id!r} has no field {key!r}",
            f"did you mean {close[0]!r}?"
            if close
            else "its fields are " + ", ".join(sorted(members)),
        )

    # -- operators -----------------------------------------------------------------------

    def visit_BinOp(self, node: ast.BinOp) -> ir.Expr:
        if isinstance(node.op, ast.BitOr):
            return self._merge_operator(node)
        op = _BINARY.get(type(node.op))
        if op is None:
            raise self.error(
                "FD127",
                node,
                f"operator {type(node.op).__name__} is not supported",
                "use + - * / // % **",
            )
        left, right = self.translate(node.left), self.translate(node.right)
        lt, rt = type_of(left, self.symbols), type_of(right, self.symbols)
        kind: ValueType = "any"
        if op == "+":
            known = {t for t in (lt, rt) if t != "any"}
            if len(known) > 1:
                raise self.error(
                    "FD128",
                    node,
                    f"cannot add a {lt} and a {rt}",
                    "convert one side first, e.g. str(x)",
                )
            kind = known.pop() if known else "any"
        elif op == "*" and "string" in (lt, rt):
            raise self.error("FD127", node, "repeating strings with * is not supported")
        else:
            kind = "number"
        return ir.Binary(op, left, right, kind)

    def _merge_operator(self, node: ast.BinOp) -> ir.Expr:
        """`a | b` of dicts: a new dict, b's members winning (JSON has no sets; `|` of numbers
        is bitwise, which workflows do not support)."""
        left, right = self.translate(node.left), self.translate(node.right)
        for part, side in ((left, node.left), (right, node.right)):
            if type_of(part, self.symbols) not in ("any", "object"):
                raise self.error(
                    "FD127",
                    side,
                    f"| applies to dicts here, not to a {type_of(part, self.symbols)}",
                    "merge dicts with a | b or {**a, **b}; bitwise operators are not supported",
                )
        return ir.Merge((*_merged_parts(left), *_merged_parts(right)))

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ir.Expr:
        if isinstance(node.op, ast.Not):
            return ir.Not(self.condition(node.operand))
        operand = self.translate(node.operand)
        if isinstance(node.op, ast.USub):
            if isinstance(operand, ir.Const) and isinstance(operand.value, int | float):
                return ir.Const(-operand.value)
            return ir.Binary("-", ir.Const(0), operand, "number")
        if isinstance(node.op, ast.UAdd):
            return operand
        raise self.error("FD127", node, "bitwise operators are not supported")

    def visit_BoolOp(self, node: ast.BoolOp) -> ir.Expr:
        op: Literal["and", "or"] = "and" if isinstance(node.op, ast.And) else "or"
        values = [self.translate(v) for v in node.values]
        if all(type_of(v, self.symbols) == "boolean" for v in values):
            return ir.BoolOp(op, tuple(values))
        # Python's `a or b` is a if a is truthy, else b (`and`: b if a is truthy, else a): the
        # value of an operand, not a boolean. Folded from the right: a or (b or c).
        result = values[-1]
        for value in reversed(values[:-1]):
            test = ir.Truthy(value)
            result = (
                ir.Conditional(test, value, result)
                if op == "or"
                else ir.Conditional(test, result, value)
            )
        return result

    def visit_Compare(self, node: ast.Compare) -> ir.Expr:
        parts: list[ir.Expr] = []
        left_node = node.left
        for op_node, right_node in zip(node.ops, node.comparators, strict=True):
            parts.append(self._compare_one(left_node, op_node, right_node, node))
            left_node = right_node
        return parts[0] if len(parts) == 1 else ir.BoolOp("and", tuple(parts))

    def _compare_one(
        self, left_node: ast.expr, op: ast.cmpop, right_node: ast.expr, whole: ast.Compare
    ) -> ir.Expr:
        if isinstance(op, ast.Is | ast.IsNot):
            if not (isinstance(right_node, ast.Constant) and right_node.value is None):
                raise self.error(
                    "FD129", whole, "`is` only compares with None", "use == to compare values"
                )
            return ir.IsNull(self.translate(left_node), negate=isinstance(op, ast.IsNot))
        left, right = self.translate(left_node), self.translate(right_node)
        cmp = _COMPARE[type(op)]
        if cmp not in ("in", "not in") and mixes_boolean_and_number(
            type_of(left, self.symbols), type_of(right, self.symbols)
        ):
            self.warn("FD184", whole)
        stamps = [_is_timestamp(e) for e in (left, right)]
        if any(stamps) and not all(stamps) and cmp not in ("in", "not in"):
            raise self.error(
                "FD129",
                whole,
                "compare a timestamp only with another timestamp",
                "wrap both sides in timestamp(...)",
            )
        container = type_of(right, self.symbols) if cmp in ("in", "not in") else "any"
        if container == "any" and cmp in ("in", "not in"):
            container = next((t for e, t in reversed(self._narrowed) if e == right), "any")
        return ir.Compare(
            cmp,
            _unwrap_timestamp(left),
            _unwrap_timestamp(right),
            container,
            timestamps=all(stamps),
        )

    def visit_IfExp(self, node: ast.IfExp) -> ir.Expr:
        return ir.Conditional(
            self.condition(node.test), self.translate(node.body), self.translate(node.orelse)
        )

    # -- displays ------------------------------------------------------------------------

    def visit_List(self, node: ast.List | ast.Tuple) -> ir.Expr:
        items = tuple(self.translate(e) for e in node.elts)
        if all(isinstance(i, ir.Const) for i in items):
            return ir.Const([i.value for i in items if isinstance(i, ir.Const)])
        return ir.ListOf(items)

    visit_Tuple = visit_List

    def visit_Dict(self, node: ast.Dict) -> ir.Expr:
        # `{**a, "k": v, **b}`: the displayed entries between unpackings form one object each,
        # merged left to right as Python builds the dict.
        parts: list[ir.Expr] = []
        entries: list[tuple[str, ir.Expr]] = []
        for key_node, value_node in zip(node.keys, node.values, strict=True):
            if key_node is None:
                if entries:
                    parts.append(_object(entries))
                entries = []
                part = self.translate(value_node)
                self._require_object(part, value_node)
                parts.append(part)
                continue
            key = self.translate(key_node)
            if not (isinstance(key, ir.Const) and isinstance(key.value, str)):
                raise self.error("FD130", key_node, "dict keys must be string literals")
            entries.append((key.value, self.translate(value_node)))
        if not parts:
            return _object(entries)
        if entries:
            parts.append(_object(entries))
        return ir.Merge(tuple(parts))

    def _require_object(self, part: ir.Expr, node: ast.expr) -> None:
        kind = type_of(part, self.symbols)
        if kind not in ("any", "object"):
            raise self.error("FD138", node, f"only a dict can be merged into a dict, not a {kind}")

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ir.Expr:
        parts: list[ir.Expr] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(ir.Const(value.value))
            elif isinstance(value, ast.FormattedValue):
                # Errors point at the f-string: before Python 3.12 its parts have no
                # positions of their own.
                if value.conversion not in (-1, ord("s")):
                    raise self.error(
                        "FD131",
                        node,
                        "!r and !a in f-strings are not supported",
                        "use {value}: str() of the value",
                    )
                shown = self.translate(value.value)
                text = self.text_of(shown, keep_strings=True)
                if isinstance(value.format_spec, ast.JoinedStr):
                    spec = format_spec(self.source, value.format_spec, node)
                    text = ir.Formatted(text, spec)
                    rounds = spec.precision is not None and spec.kind in ("f", "%")
                    if rounds and fractional(shown):
                        self.warn("FD183", node)  # rounded as round() rounds
                elif fractional(shown):
                    self.warn("FD181", node)
                parts.append(text)
        return ir.Format(tuple(parts))

    def text_of(self, value: ir.Expr, *, keep_strings: bool = False) -> ir.Expr:
        """str(value): a list or dict is written as JSON text (json.dumps), which both query
        languages say exactly (JSONPath's States.Format would write `{k=v}`)."""
        if isinstance(value, ir.Const) and isinstance(value.value, list | dict):
            return ir.Const(json.dumps(value.value, ensure_ascii=False, separators=(",", ":")))
        if type_of(value, self.symbols) in ("array", "object"):
            return ir.Builtin("json.dumps", (value,))
        if keep_strings:
            return value
        return ir.Builtin("str", (value,))

    def visit_ListComp(self, node: ast.ListComp) -> ir.Expr:
        if len(node.generators) != 1 or node.generators[0].is_async:
            raise self.error(
                "FD132",
                node,
                "only one `for` per comprehension is supported",
                "nest a second comprehension inside the element",
            )
        gen = node.generators[0]
        if not isinstance(gen.target, ast.Name):
            raise self.error("FD132", gen.target, "a comprehension variable must be a plain name")
        if len(gen.ifs) > 1:
            raise self.error("FD132", gen.ifs[1], "use one `if` joined with `and`")
        items = self.translate(gen.iter)
        saved = self.symbols
        self.symbols = saved.child()
        self.symbols.bind(gen.target.id)
        try:
            element = self.translate(node.elt)
            condition = self.condition(gen.ifs[0]) if gen.ifs else None
            var = self.symbols.asl_name(gen.target.id)
        finally:
            self.symbols = saved
        return ir.Comprehension(element, var, items, condition)

    # -- calls ---------------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> ir.Expr:
        if self._is_integration_call(node):
            raise self.error(
                "FD133",
                node,
                "a service call cannot be part of a larger expression",
                "assign its result to a variable first, then use the variable",
            )
        special = self._special_call(node)
        if special is not None:
            return special
        if self._is_str_of_uuid4(node):
            return ir.Builtin("uuid", ())
        if node.keywords and not (isinstance(node.func, ast.Name) and node.func.id == "round"):
            raise self.error("FD134", node.keywords[0], "keyword arguments are not supported here")
        args = tuple(self.translate(a) for a in node.args)
        func = node.func
        if isinstance(func, ast.Name) and not self.symbols.is_variable(func.id):
            found, value = self.symbols.lookup_global(func.id)
            from flowdsl.dsl.control import timestamp

            if found and value is timestamp:
                self._arity(node, 1, 1)
                return ir.Builtin("timestamp", args)
            if (
                func.id in BUILTIN_FUNCTIONS
                and found
                and getattr(value, "__module__", "") == "builtins"
            ):
                self._check_builtin_arity(node, func.id, len(args))
                if func.id == "bool":
                    # Python's truthiness, which JSONata's $boolean does not share for lists.
                    return self.truthiness(args[0]) if args else ir.Const(False)
                if func.id == "str":
                    if fractional(args[0]):
                        self.warn("FD181", node)
                    return self.text_of(args[0])
                if func.id == "round" and len(args) + len(node.keywords) == 2:
                    self.warn("FD183", node)
                return ir.Builtin(func.id, args)
            raise self.error(
                "FD135",
                func,
                f"{func.id!r} is not a service integration or supported built-in",
                "call a declared resource (Function, Queue, Table, Topic, ...), a built-in such "
                "as len/str/min/max, or move the logic into a Lambda function",
            )
        if isinstance(func, ast.Attribute) and func.attr in METHODS:
            receiver = self.translate(func.value)
            expected, _ = METHODS[func.attr]
            actual = type_of(receiver, self.symbols)
            if actual not in ("any", expected) and not (func.attr == "join" and actual == "string"):
                raise self.error(
                    "FD136", func, f".{func.attr}() applies to a {expected}, not a {actual}"
                )
            return ir.Builtin(f"method.{func.attr}", (receiver, *args))
        raise self.error(
            "FD135",
            func,
            f"cannot call {self.source.segment(func)!r} in a workflow",
            "call a declared resource or a supported built-in",
        )

    def _is_str_of_uuid4(self, node: ast.Call) -> bool:
        """`str(uuid.uuid4())`: the text of a random UUID (a bare uuid4() is no JSON value)."""
        func = node.func
        if not (
            isinstance(func, ast.Name)
            and not self.symbols.is_variable(func.id)
            and self.symbols.lookup_global(func.id) == (True, str)
            and len(node.args) == 1
            and not node.keywords
        ):
            return False
        inner = node.args[0]
        if not (
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr == "uuid4"
            and isinstance(inner.func.value, ast.Name)
            and not self.symbols.is_variable(inner.func.value.id)
        ):
            return False
        found, module = self.symbols.lookup_global(inner.func.value.id)
        if not (found and isinstance(module, ModuleType) and module.__name__ == "uuid"):
            return False
        self._arity(inner, 0, 0)
        if inner.keywords:
            raise self.error("FD134", inner.keywords[0], "uuid.uuid4() takes no arguments")
        return True

    def _special_call(self, node: ast.Call) -> ir.Expr | None:
        """isinstance() and the functions of imported modules (json.loads, json.dumps)."""
        func = node.func
        if isinstance(func, ast.Name) and not self.symbols.is_variable(func.id):
            found, value = self.symbols.lookup_global(func.id)
            if found and value is isinstance:
                self._arity(node, 2, 2)
                if node.keywords:
                    raise self.error("FD134", node.keywords[0], "isinstance takes no keywords")
                return ir.TypeTest(self.translate(node.args[0]), self._json_types(node.args[1]))
            return None
        if not (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and not self.symbols.is_variable(func.value.id)
        ):
            return None
        found, module = self.symbols.lookup_global(func.value.id)
        if not (found and isinstance(module, ModuleType)):
            return None
        name = f"{module.__name__}.{func.attr}"
        if name not in MODULE_FUNCTIONS:
            raise self.error(
                "FD135",
                func,
                f"{name}() cannot be called in a workflow",
                "of the standard library, workflows can call json.loads and json.dumps, and "
                "str(uuid.uuid4()) for a random UUID",
            )
        self._arity(node, 1, 1)
        for keyword in node.keywords:
            # Step Functions writes compact JSON (States.JsonToString, JSONata's $string).
            if not (
                name == "json.dumps"
                and keyword.arg == "separators"
                and isinstance(keyword.value, ast.Tuple)
                and [self.source.segment(e) for e in keyword.value.elts]
                in (
                    ['","', '":"'],
                    ["','", "':'"],
                )
            ):
                raise self.error(
                    "FD134",
                    keyword,
                    f"{name}() takes no keyword arguments in a workflow",
                    "json.dumps(value) writes compact JSON, as separators=(',', ':') would",
                )
        return ir.Builtin(name, (self.translate(node.args[0]),))

    def _json_types(self, node: ast.expr) -> tuple[ir.JsonType, ...]:
        """The classes isinstance() tests, as JSON types (`type(None)` is null)."""
        nodes = node.elts if isinstance(node, ast.Tuple) else [node]
        types: list[ir.JsonType] = []
        for item in nodes:
            json_type = self._json_type(item)
            if json_type is None:
                raise self.error(
                    "FD142",
                    item,
                    f"isinstance() cannot test for {self.source.segment(item)!r} in a workflow",
                    "workflow values are JSON: test for str, int, float, bool, list, dict, "
                    "type(None), or a tuple of them",
                )
            if json_type not in types:
                types.append(json_type)
        return tuple(types)

    def _json_type(self, node: ast.expr) -> ir.JsonType | None:
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "type"
            and len(node.args) == 1
            and isinstance(node.args[0], ast.Constant)
            and node.args[0].value is None
        ):
            return "null"
        if isinstance(node, ast.Name) and not self.symbols.is_variable(node.id):
            found, value = self.symbols.lookup_global(node.id)
            if found and getattr(value, "__module__", None) == "builtins":
                return ISINSTANCE_TYPES.get(node.id)
        return None

    def _arity(self, node: ast.Call, low: int, high: int) -> None:
        if not low <= len(node.args) <= high:
            raise self.error(
                "FD137", node, f"expected {low}-{high} arguments, got {len(node.args)}"
            )

    def _check_builtin_arity(self, node: ast.Call, name: str, count: int) -> None:
        limits = {
            "round": (1, 2),
            "min": (1, 99),
            "max": (1, 99),
            "str": (1, 1),
            "sorted": (1, 1),
            "list": (1, 1),
        }
        low, high = limits.get(name, (1, 1))
        self._arity(node, low, high)


def _merged_parts(node: ir.Expr) -> tuple[ir.Expr, ...]:
    """`(a | b) | c` merges three parts at once."""
    if isinstance(node, ir.Merge):
        return node.parts
    return (node,)


def _object(entries: list[tuple[str, ir.Expr]]) -> ir.Expr:
    if all(isinstance(v, ir.Const) for _, v in entries):
        return ir.Const({k: v.value for k, v in entries if isinstance(v, ir.Const)})
    return ir.ObjectOf(tuple(entries))


def _is_timestamp(node: ir.Expr) -> bool:
    return isinstance(node, ir.Builtin) and node.name == "timestamp"


def _unwrap_timestamp(node: ir.Expr) -> ir.Expr:
    return node.args[0] if isinstance(node, ir.Builtin) and node.name == "timestamp" else node


def _as_json(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_as_json(v) for v in value]
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    return value
