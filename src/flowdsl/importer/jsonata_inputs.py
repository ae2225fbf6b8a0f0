"""What `--verify` derives from JSONata expressions: the fields they read (so the derived input
and answers have a value there) and, for a Choice rule's `Condition`, values that make it true.

The JSONPath side of the same derivation is in verify.py; this reads `{% %}` strings with the
parser the import uses (jsonata_expr.parse).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flowdsl.importer.jsonata_expr import is_expression, parse
from flowdsl.importer.problems import Unsupported

Steps = tuple[str | int, ...]
# `$states.<which>` whose fields come from the input or from an integration's answer.
_DATA = ("input", "result", "errorOutput")


def field_paths(text: Any) -> Iterator[Steps]:
    """The fields each path of a `{% %}` string reads below the data or a variable."""
    if not isinstance(text, str) or not is_expression(text):
        return
    try:
        tree = parse(text)
    except Unsupported:
        return
    yield from _paths(tree)


def typed_fields(definition: Any, rule: bool = False) -> Iterator[tuple[Steps, str]]:
    """Fields the definition's expressions use as arrays (counted, summed, joined, ...) or as
    booleans (a Choice rule's whole Condition, an operand of and/or/$not): ("array", steps) or
    ("boolean", steps). The derived input holds a value of that type there, as the author
    meant; a string there fails the original in a way no Python says."""
    if isinstance(definition, dict):
        for key, item in definition.items():
            yield from typed_fields(item, rule=key == "Condition")
    elif isinstance(definition, list):
        for item in definition:
            yield from typed_fields(item)
    elif isinstance(definition, str) and is_expression(definition):
        try:
            tree = parse(definition)
        except Unsupported:
            return
        yield from _typed(tree, "boolean" if rule else None)


# Functions whose first argument is an array.
_ON_ARRAYS = {"count", "sum", "join", "max", "min", "sort", "append", "filter", "map", "reduce"}


def _typed(node: Any, expected: str | None) -> Iterator[tuple[Steps, str]]:
    if node.type == "block" and len(node.expressions) == 1:
        yield from _typed(node.expressions[0], expected)
        return
    field = _field(node)
    if field is not None and expected is not None:
        yield field, expected
    operands: list[tuple[Any, str | None]] = []
    procedure = getattr(getattr(node, "procedure", None), "value", None)
    if node.type == "function" and procedure in _ON_ARRAYS:
        operands = [(node.arguments[0], "array")] + [(a, None) for a in node.arguments[1:]]
    elif node.type == "function" and procedure in ("not", "boolean"):
        operands = [(a, "boolean") for a in node.arguments]
    elif node.type == "binary" and node.value in ("and", "or"):
        operands = [(node.lhs, "boolean"), (node.rhs, "boolean")]
    elif node.type == "binary" and node.value == "in":
        operands = [(node.lhs, None), (node.rhs, "array")]
    elif node.type == "condition":
        operands = [(node.condition, "boolean"), (node.then, None)]
        if getattr(node, "_else", None) is not None:
            operands.append((node._else, None))
    else:
        operands = [(child, None) for child in _children(node)]
    for operand, kind in operands:
        yield from _typed(operand, kind)


def condition_values(condition: Any) -> Iterator[tuple[Steps, Any]]:
    """(field, value) pairs that make a Choice rule's Condition true: both sides of an `and`,
    the left of an `or`, `field <op> literal` for each comparison, `true` for a bare field."""
    if not isinstance(condition, str) or not is_expression(condition):
        return
    try:
        tree = parse(condition)
    except Unsupported:
        return
    yield from _satisfying(tree)


def _satisfying(node: Any) -> Iterator[tuple[Steps, Any]]:
    if node.type == "block" and len(node.expressions) == 1:
        yield from _satisfying(node.expressions[0])
        return
    if node.type == "binary" and node.value == "and":
        yield from _satisfying(node.lhs)
        yield from _satisfying(node.rhs)
        return
    if node.type == "binary" and node.value == "or":
        yield from _satisfying(node.lhs)
        return
    if node.type == "binary" and node.value in _MAKE_TRUE:
        left, right = _field(node.lhs), _literal(node.rhs)
        op = node.value
        if left is None:  # `literal <op> field`: the same test seen from the other side
            left, right, op = _field(node.rhs), _literal(node.lhs), _FLIPPED.get(op, op)
        if left is not None and right is not _NONE:
            yield left, _MAKE_TRUE[op](right)
        return
    field = _field(node)
    if field is not None:
        yield field, True


_NONE = object()
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def _bump(value: Any, by: int) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value + "z" if isinstance(value, str) and by > 0 else "" if by < 0 else value
    return value + by


_MAKE_TRUE = {
    "=": lambda v: v,
    "!=": lambda v: _bump(v, 1) if not isinstance(v, bool) else not v,
    "<": lambda v: _bump(v, -1),
    ">": lambda v: _bump(v, 1),
    "<=": lambda v: v,
    ">=": lambda v: v,
}


def _literal(node: Any) -> Any:
    if node.type in ("string", "number", "value"):
        return node.value
    return _NONE


def _field(node: Any) -> Steps | None:
    paths = list(_paths(node))
    if node.type in ("path", "variable") and len(paths) == 1 and paths[0]:
        return paths[0]
    return None


def _paths(node: Any) -> Iterator[Steps]:
    if node.type == "path":
        steps = _steps(node.steps)
        if steps is not None:
            yield steps
    elif node.type == "variable" and node.value not in ("", "states"):
        steps = _steps([node])
        if steps is not None:
            yield steps
    for child in _children(node):
        yield from _paths(child)


def _steps(steps: list[Any]) -> Steps | None:
    """The field names (and literal indexes) after the head of a path: `$states.input`,
    `$states.result`, `$states.errorOutput`, `$states.context.Execution.Input` or a variable."""
    head, tail = steps[0], list(steps[1:])
    if head.type != "variable":
        return None
    if head.value == "states":
        if not tail or tail[0].value not in (*_DATA, "context") or tail[0].stages:
            return None
        which = tail.pop(0).value
        if which == "context":
            if [s.value for s in tail[:2]] != ["Execution", "Input"]:
                return None
            tail = tail[2:]
    found: list[str | int] = []
    for step in [head, *tail]:
        if step is not head:
            if step.type != "name":
                break
            found.append(str(step.value))
        for stage in (getattr(step, "stages", None) or []) + (
            getattr(step, "predicate", None) or []
        ):
            index = getattr(stage, "expr", None)
            if step is head and head.value == "states":
                return tuple(found)
            if index is None or index.type != "number" or index.value < 0:
                return tuple(found)
            found.append(int(index.value))
    return tuple(found)


def _children(node: Any) -> Iterator[Any]:
    for attribute in ("lhs", "rhs", "expression", "condition", "then", "_else"):
        child = getattr(node, attribute, None)
        if child is not None and hasattr(child, "type"):
            yield child
    for attribute in ("expressions", "arguments"):
        yield from getattr(node, attribute, None) or []
    for pair in getattr(node, "lhs_object", None) or []:
        yield from pair
    for step in getattr(node, "steps", None) or []:
        for stage in (step.stages or []) + (getattr(step, "predicate", None) or []):
            expr = getattr(stage, "expr", None)
            if expr is not None:
                yield expr
    body = getattr(node, "body", None)
    if body is not None and hasattr(body, "type"):
        yield body
