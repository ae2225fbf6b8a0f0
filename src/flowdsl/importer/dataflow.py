"""A JSONPath state's input and output processing as Python statements on the data variable.

InputPath -> Parameters -> (the task) -> ResultSelector -> ResultPath -> OutputPath, each as
the Python a user would write: `data["x"] = fn(...)` for `ResultPath: "$.x"`,
`data = data["y"]` for `OutputPath: "$.y"`.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html
"""

from __future__ import annotations

import ast
from typing import Any

from flowdsl.importer import paths
from flowdsl.importer.code import Stmt, assign, simple
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported

_MISSING = object()


def effective_input(state: dict[str, Any], frame: Frame) -> ast.expr:
    """What InputPath selects: the data, a part of it, or `{}` for `InputPath: null`."""
    input_path = state.get("InputPath", "$")
    if input_path is None:
        return ast.Dict(keys=[], values=[])
    return paths.path(input_path, frame)


def input_frame(state: dict[str, Any], frame: Frame) -> Frame:
    """The frame in which Parameters' `$` paths read the effective input."""
    input_path = state.get("InputPath", "$")
    if input_path == "$":
        return frame
    return frame.rebased(effective_input(state, frame))


def place(
    state: dict[str, Any],
    value: ast.expr,
    frame: Frame,
    name: str | None,
    *,
    key: str = "ResultPath",
) -> list[Stmt]:
    """Put a result where ResultPath says: replace the data, set a field, or drop it."""
    result_path = state.get(key, "$")
    data = paths.name(frame.data)
    if result_path == "$":
        return [simple(assign(data, value), name)]
    if result_path is None:
        if _is_task_call(value):
            return [simple(ast.Expr(value=value), name)]
        if isinstance(value, ast.Call | ast.ListComp):
            # A Parallel or Map whose result is dropped: `_ =` keeps the state, not the value.
            return [simple(assign(paths.name("_"), value), name)]
        return []
    if not isinstance(result_path, str) or not result_path.startswith("$."):
        raise Unsupported(f"{key} {result_path!r} is not a path into the state's input")
    target = paths.path(result_path, frame.rebased(paths.name(frame.data)))
    if not isinstance(target, ast.Subscript):
        raise Unsupported(f"{key} {result_path!r} names no field")
    return [simple(assign(target, value), name)]


def output(state: dict[str, Any], frame: Frame) -> list[Stmt]:
    """OutputPath: keep a part of the state's output, or nothing (`null` gives `{}`)."""
    output_path = state.get("OutputPath", "$")
    data = paths.name(frame.data)
    if output_path == "$":
        return []
    if output_path is None:
        return [simple(assign(data, ast.Dict(keys=[], values=[])))]
    return [simple(assign(data, paths.path(output_path, frame.rebased(paths.name(frame.data)))))]


def selected(state: dict[str, Any], result: ast.expr, frame: Frame) -> ast.expr:
    """ResultSelector applied to `result` (a name holding the task's result)."""
    selector = state.get("ResultSelector", _MISSING)
    if selector is _MISSING:
        return result
    if not isinstance(selector, dict):
        raise Unsupported("ResultSelector must be an object")
    return paths.template(selector, frame.rebased(result))


def _is_task_call(value: ast.expr) -> bool:
    """A call of a resource or an API (a statement of its own), not of parallel()."""
    return isinstance(value, ast.Call) and not (
        isinstance(value.func, ast.Name) and value.func.id == "parallel"
    )
