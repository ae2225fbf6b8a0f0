"""Statements that change a value in place, as a rebinding of its variable to a changed copy.

`event["x"] = v`, `event["a"]["b"] = v`, `del event["x"]`, `items.append(x)`,
`items.extend(xs)` and `event.update({...})` change the object a variable names. ASL values
are JSON, so the variable is assigned a copy with the change made (`$merge`, `States.JsonMerge`,
...): what Python prints afterwards is the same, except through a second name for the same
object (`b = event` keeps the old value; the README lists this difference).
"""

from __future__ import annotations

import ast

from flowdsl.errors import CompileError
from flowdsl.frontend.expressions import ExpressionTranslator, type_of
from flowdsl.ir import expr as ir

# Methods that change their receiver and what each makes of it.
CHANGING_METHODS = ("append", "extend", "update")
# Methods that change their receiver and have no ASL form yet: what to write instead.
OTHER_CHANGES = {
    "pop": "read the item, then del x[key]",
    "popitem": "read the item, then del x[key]",
    "insert": "build the list: items = items[:i] + [x] + items[i:]",
    "remove": "build the list: items = [x for x in items if x != value]",
    "clear": "assign an empty value: items = []",
    "setdefault": "x = x.get(key, default), then x[key] = ...",
    "sort": "items = sorted(items)",
    "reverse": "items = items[::-1]",
}


def changed_method(call: ast.Call) -> str | None:
    """The name of a receiver-changing method `call` calls (`items.append(...)`), if any."""
    func = call.func
    if isinstance(func, ast.Attribute) and (
        func.attr in CHANGING_METHODS or func.attr in OTHER_CHANGES
    ):
        return func.attr
    return None


def method_change(
    x: ExpressionTranslator, call: ast.Call, argument: ir.Expr | None = None
) -> tuple[ast.Name, ir.Expr]:
    """`receiver.method(arg)` as (variable, its new value); `argument` replaces a translated
    argument (the result of a service call made for it)."""
    assert isinstance(call.func, ast.Attribute)
    method, receiver_node = call.func.attr, call.func.value
    if method in OTHER_CHANGES:
        raise _error(
            x, call.func, f".{method}() is not supported in a workflow", OTHER_CHANGES[method]
        )
    value: ir.Expr
    if method == "update" and call.keywords and not call.args and argument is None:
        if any(k.arg is None for k in call.keywords):
            raise _error(x, call, "write event.update(other), not event.update(**other)")
        value = ir.ObjectOf(tuple((str(k.arg), x.translate(k.value)) for k in call.keywords))
    else:
        if call.keywords:
            raise _error(x, call.keywords[0], f".{method}() takes no keyword arguments here")
        if len(call.args) != 1:
            raise _error(x, call, f".{method}() takes exactly one argument")
        value = argument if argument is not None else x.translate(call.args[0])
    receiver = x.translate(receiver_node)
    kind = type_of(receiver, x.symbols)
    expected = "object" if method == "update" else "array"
    if kind not in ("any", expected):
        raise _error(x, call.func, f".{method}() applies to a {expected}, not a {kind}")
    if method == "update":
        changed: ir.Expr = ir.Merge((receiver, value))
    elif method == "append":
        changed = ir.Binary("+", receiver, ir.ListOf((value,)), "array")
    else:
        changed = ir.Binary("+", receiver, value, "array")
    return place_change(x, receiver_node, changed)


def place_change(
    x: ExpressionTranslator, place: ast.expr, value: ir.Expr
) -> tuple[ast.Name, ir.Expr]:
    """`place = value` where place is a variable or an item of one (`event["a"]["b"]`), as
    (variable, its new value): each enclosing container becomes a copy with one item set."""
    root = place
    while isinstance(root, ast.Subscript):
        root = root.value
    if not (isinstance(root, ast.Name) and x.symbols.is_variable(root.id)):
        raise _error(
            x,
            root,
            "only a workflow variable, or an item of one, can be changed",
            "assign the value to a variable first",
        )
    while isinstance(place, ast.Subscript):
        value = ir.SetItem(x.translate(place.value), item_key(x, place), value)
        place = place.value
    return root, value


def item_removal(x: ExpressionTranslator, target: ast.expr) -> tuple[ast.Name, ir.Expr]:
    """`del place[key]` as (variable, its new value)."""
    if not isinstance(target, ast.Subscript):
        raise _error(
            x,
            target,
            "'del' of a variable is not supported in a workflow",
            "stop using the variable, or assign it None",
        )
    removed = ir.DeleteItem(x.translate(target.value), item_key(x, target))
    return place_change(x, target.value, removed)


def item_key(x: ExpressionTranslator, node: ast.Subscript) -> ir.Expr:
    if isinstance(node.slice, ast.Slice):
        raise _error(
            x,
            node.slice,
            "assigning or deleting a slice is not supported",
            "build the list: items = items[:a] + new + items[b:]",
        )
    return x.translate(node.slice)


def _error(
    x: ExpressionTranslator, node: ast.AST, message: str, hint: str | None = None
) -> CompileError:
    return CompileError.at("FD170", message, x.source.location(node), hint)
