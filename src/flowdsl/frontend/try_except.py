"""Lowering try/except into Catch: on the one state of a single-call body, or around a
one-branch Parallel that wraps a body of several states (the ASL way to catch around a block)."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING

from flowdsl.frontend import calls
from flowdsl.frontend.statics import evaluate_static
from flowdsl.frontend.symbols import Symbols, assigned_names
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.graph import END

if TYPE_CHECKING:
    from flowdsl.frontend.statements import ScopeLowering

_CATCHABLE = (g.Task, g.Parallel, g.Map)


def lower_try(scope: ScopeLowering, stmt: ast.Try, next_id: str) -> str:
    if stmt.finalbody:
        raise scope.error(
            "FD119",
            stmt.finalbody[0],
            "try ... finally is not supported",
            "put the cleanup after the try and in each except block",
        )
    if not stmt.handlers:
        raise scope.error("FD119", stmt, "a try needs at least one except")
    after = scope.new_hole()
    scope.shared.holes[after] = next_id
    # One catchable state: the Catch goes on it directly. Otherwise wrap the body in a
    # one-branch Parallel, the ASL way to put one Catch around several states.
    outer_names = _visible_names(scope)
    single: g.State | None = None
    if _single_state_body(scope, stmt.body):
        mark = len(scope.states)
        entry = scope.lower_block(stmt.body, after)
        created = scope.states[mark:]
        if len(created) == 1 and isinstance(created[0], _CATCHABLE) and entry == created[0].name:
            single = created[0]
            del scope.states[mark:]
        else:
            del scope.states[mark:]
    if single is None:
        wrapper = _wrap_try(scope, stmt, after, outer_names)
    if stmt.orelse:
        scope.shared.holes[after] = scope.lower_block(stmt.orelse, next_id)
    handlers = _lower_handlers(scope, stmt, next_id)
    if single is not None:
        return scope.add(_with_catch(single, handlers))
    return scope.add(replace(wrapper, catch=handlers))


def _visible_names(scope: ScopeLowering) -> set[str]:
    names: set[str] = set()
    layer: Symbols | None = scope.symbols
    while layer is not None:
        names.update(layer.variables)
        layer = layer.parent
    return names


def _single_state_body(scope: ScopeLowering, body: list[ast.stmt]) -> bool:
    if len(body) != 1:
        return False
    only = body[0]
    value = getattr(only, "value", None)
    return isinstance(only, ast.Expr | ast.Assign | ast.AnnAssign | ast.Return) and (
        isinstance(value, ast.Call) and calls.classify(value, scope.symbols) is not None
    )


def _lower_handlers(scope: ScopeLowering, stmt: ast.Try, next_id: str) -> tuple[g.CatchRule, ...]:
    rules: list[g.CatchRule] = []
    for index, handler in enumerate(stmt.handlers):
        errors = _handler_errors(scope, handler)
        if "States.ALL" in errors and (len(errors) > 1 or index != len(stmt.handlers) - 1):
            raise scope.error(
                "FD119",
                handler,
                "catching every error must be the last except and catch nothing else",
                "move `except Exception` to the end",
            )
        saved_symbols, saved_handler = scope.symbols, scope._current_handler_var
        scope.symbols = saved_symbols.overlay()
        assign: tuple[tuple[str, ir.Expr], ...] = ()
        if handler.name:
            fake = ast.Name(handler.name, ast.Store())
            ast.copy_location(fake, handler)
            assign = ((scope.bind(fake, "object"), ir.ErrorOutput()),)
            scope._current_handler_var = handler.name
        try:
            entry = scope.lower_block(handler.body, next_id)
        finally:
            handler_symbols = scope.symbols
            scope.symbols, scope._current_handler_var = saved_symbols, saved_handler
        scope.symbols.merge(handler_symbols)
        rules.append(g.CatchRule(errors, entry, assign))
    return tuple(rules)


def _handler_errors(scope: ScopeLowering, handler: ast.ExceptHandler) -> tuple[str, ...]:
    if handler.type is None:
        return ("States.ALL",)
    value = evaluate_static(handler.type, scope.symbols, scope.source)
    classes = value if isinstance(value, list | tuple) else [value]
    return calls.error_names(classes, handler.type, scope.source)


def _wrap_try(scope: ScopeLowering, stmt: ast.Try, after: str, outer_names: set[str]) -> g.Parallel:
    """The try body as the one branch of a Parallel; the caller adds the Catch."""
    state_id = scope.new_id(stmt, "try")
    inner = type(scope)(scope.shared, scope.symbols.child(), "try", scope.local_functions)
    assigned = sorted(assigned_names(stmt.body))
    # The branch works on its own copies: an inner scope must not assign a variable that exists
    # outside it, which a loop around the try would make true on its second turn.
    for name in assigned:
        inner.symbols.aliases[name] = f"{name}__try{stmt.lineno}"
    exit_id = END
    if assigned:
        exit_id = inner.new_id(stmt, "results", use_comment=False, sub_order=1, part_of=state_id)
    entry = inner.lower_block(stmt.body, exit_id)
    if assigned:
        inner.add(
            g.Pass(
                exit_id,
                scope.source.location(stmt),
                next=END,
                output=ir.ObjectOf(
                    tuple((name, ir.Var(inner.symbols.asl_name(name))) for name in assigned)
                ),
            )
        )
    # Each copy starts from the outer value (the body may read it before rebinding it), or null
    # for a name new here, so the results state can hand back every name on every path.
    copies = tuple(
        (
            inner.symbols.aliases[name],
            ir.Var(scope.symbols.asl_name(name)) if name in outer_names else ir.Const(None),
        )
        for name in assigned
    )
    if copies:
        prologue = inner.new_id(stmt, "inputs", use_comment=False, sub_order=-1, part_of=state_id)
        entry = inner.add(g.Pass(prologue, scope.source.location(stmt), next=entry, assign=copies))
    branch = inner.finish(entry, stmt)
    for name in assigned:
        scope.symbols.bind(name, inner.symbols.type_of(name))
    return g.Parallel(
        state_id,
        scope.source.location(stmt),
        next=after,
        assign=tuple(
            (
                scope.symbols.asl_name(name),
                ir.Field(ir.Index(ir.StateResult(), ir.Const(0)), name),
            )
            for name in assigned
        ),
        branches=(branch,),
    )


def _with_catch(state: g.State, handlers: tuple[g.CatchRule, ...]) -> g.State:
    return replace(state, catch=handlers)  # type: ignore[call-arg]
