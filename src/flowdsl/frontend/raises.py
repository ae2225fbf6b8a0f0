"""Lowering `raise`: which error and cause it raises (a Fail state, or inside a try the jump
to the handler that catches it, see try_except)."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from flowdsl.dsl.control import Fail
from flowdsl.dsl.errors import WorkflowError
from flowdsl.frontend import try_except
from flowdsl.frontend.statics import evaluate_static
from flowdsl.ir import expr as ir

if TYPE_CHECKING:
    from flowdsl.frontend.statements import ScopeLowering


def lower_raise_statement(scope: ScopeLowering, stmt: ast.Raise) -> str:
    """`raise Fail(...)`, `raise ErrorClass(cause)` or a bare `raise` in a handler."""
    if stmt.exc is None:
        handler = scope.current_handler_var
        if handler is None:
            raise scope.error(
                "FD113",
                stmt,
                "a bare raise is only allowed in an except block",
                'raise Fail("Error", "cause") to fail with an error of your own',
            )
        err = ir.Var(scope.symbols.asl_name(handler))
        return try_except.lower_raise(
            scope, stmt, ir.Field(err, "Error"), ir.Field(err, "Cause"), error_object=err
        )
    exc = stmt.exc
    if isinstance(exc, ast.Name | ast.Attribute):  # `raise OutOfStock`, no cause
        raised = evaluate_static(exc, scope.symbols, scope.source)
        if isinstance(raised, type) and issubclass(raised, WorkflowError):
            return try_except.lower_raise(scope, stmt, raised.error_name, None)
    if isinstance(exc, ast.Call):
        callee = (
            evaluate_static(exc.func, scope.symbols, scope.source)
            if isinstance(exc.func, ast.Name | ast.Attribute)
            else None
        )
        if callee is Fail:
            error, cause = _fail_arguments(scope, exc)
            return try_except.lower_raise(scope, stmt, error, cause)
        if isinstance(callee, type) and issubclass(callee, WorkflowError):
            if exc.keywords or len(exc.args) > 1:
                raise scope.error("FD113", exc, "an error class takes an optional cause")
            cause = _fail_text(scope, exc.args[0]) if exc.args else None
            return try_except.lower_raise(scope, stmt, callee.error_name, cause)
    raise scope.error(
        "FD113",
        exc,
        'raise Fail("Error", "cause") or an error class',
        'raise Fail("OrderRejected", "the price is negative")',
    )


def _fail_arguments(
    scope: ScopeLowering, call: ast.Call
) -> tuple[str | ir.Expr | None, str | ir.Expr | None]:
    """`Fail()`, `Fail(error)`, `Fail(error, cause)`, or by name (`Fail(cause=...)`): a Fail
    state's Error and Cause are both optional (state-fail.html)."""
    values: dict[str, ast.expr] = dict(zip(("error", "cause"), call.args, strict=False))
    for keyword in call.keywords:
        if keyword.arg not in ("error", "cause") or keyword.arg in values or len(call.args) > 2:
            raise scope.error(
                "FD113",
                keyword if keyword.arg not in ("error", "cause") else call,
                "Fail takes an optional error name and an optional cause",
                'raise Fail("OrderRejected", "the price is negative")',
            )
        values[keyword.arg] = keyword.value
    if len(call.args) > 2:
        raise scope.error("FD113", call.args[2], "Fail takes an error name and a cause")
    error = _fail_text(scope, values["error"]) if "error" in values else None
    cause = _fail_text(scope, values["cause"]) if "cause" in values else None
    return error, cause


def _fail_text(scope: ScopeLowering, node: ast.expr) -> str | ir.Expr:
    value = scope.exprs().translate(node)
    if isinstance(value, ir.Const):
        if not isinstance(value.value, str):
            raise scope.error("FD113", node, "an error name or cause is a string")
        return value.value
    return value
