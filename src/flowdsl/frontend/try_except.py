"""Lowering try/except into Catch rules on every state of the try body that can fail.

The body is lowered in place, in the scope around the try, while its handlers are on the scope's
catch stack: each Task, Parallel and Map state added meanwhile gets the Catch rules of every
enclosing try, innermost first (Python tries the nearest except clauses first). So a variable
the body assigns before the failing step keeps its new value in the handler, as in Python, and
`return`, `break` and `continue` inside the body are plain transitions. A `raise` inside the
body cannot be caught by ASL (a Fail state ends the execution), so it is compiled as the jump
Python would make: to the first handler whose errors match, binding the error to its name.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from flowdsl.frontend import calls
from flowdsl.frontend.statics import evaluate_static
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.rewrite import may_fail

if TYPE_CHECKING:
    from flowdsl.frontend.statements import ScopeLowering

CATCHABLE = (g.Task, g.Parallel, g.Map)
CATCH_ALL = "States.ALL"


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
    errors = [_handler_errors(scope, handler) for handler in stmt.handlers]
    for index, (handler, names) in enumerate(zip(stmt.handlers, errors, strict=True)):
        if CATCH_ALL in names and (len(names) > 1 or index != len(stmt.handlers) - 1):
            raise scope.error(
                "FD119",
                handler,
                "catching every error must be the last except and catch nothing else",
                "move `except Exception` to the end",
            )
    # Handler entries are holes until the handlers are lowered, after the body (Python's order,
    # which the symbol table follows); the error is bound to the handler's name on the way in.
    rules = tuple(
        g.CatchRule(names, scope.new_hole(), _error_binding(scope, handler))
        for handler, names in zip(stmt.handlers, errors, strict=True)
    )
    after = scope.new_hole()
    mark = len(scope.states)
    scope.catch_frames.append(rules)
    before = (dict(scope.symbols.variables), dict(scope.symbols.members))
    try:
        entry = scope.lower_block(stmt.body, after)
    finally:
        scope.catch_frames.pop()
    unsure = _rebound(scope, *before)
    used = _targets(scope.states[mark:]) | {entry}
    # Exceptions raised in `else` are not caught by this try's handlers: lowered after the pop.
    scope.shared.holes[after] = scope.lower_block(stmt.orelse, next_id) if stmt.orelse else next_id
    for handler, rule in zip(stmt.handlers, rules, strict=True):
        if rule.next in used:
            scope.shared.holes[rule.next] = _lower_handler(scope, handler, next_id, unsure)
        else:  # nothing in the body can fail with its errors: an ASL state nobody reaches
            scope.shared.names.skip(handler)
    return entry


def _handler_errors(scope: ScopeLowering, handler: ast.ExceptHandler) -> tuple[str, ...]:
    if handler.type is None:
        return (CATCH_ALL,)
    value = evaluate_static(handler.type, scope.symbols, scope.source)
    classes = value if isinstance(value, list | tuple) else [value]
    return calls.error_names(classes, handler.type, scope.source)


def _error_binding(
    scope: ScopeLowering, handler: ast.ExceptHandler
) -> tuple[tuple[str, ir.Expr], ...]:
    if not handler.name:
        if not _reraises(handler.body):
            return ()
        # A bare `raise` passes the caught error on: bind it under a name of flowdsl's own
        # (user variables never start with __, FD171).
        hidden = _hidden_error_name(handler)
        scope.symbols.bind(hidden, "object")
        return ((scope.symbols.asl_name(hidden), ir.ErrorOutput()),)
    target = ast.copy_location(ast.Name(handler.name, ast.Store()), handler)
    return ((scope.bind(target, "object"), ir.ErrorOutput()),)


def _hidden_error_name(handler: ast.ExceptHandler) -> str:
    return f"__error_{handler.lineno}_{handler.col_offset}"


def _reraises(body: list[ast.stmt]) -> bool:
    """Whether a handler's body has a bare `raise` of its own (not one of a nested handler)."""
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Raise) and node.exc is None:
            return True
        if isinstance(node, ast.ExceptHandler | ast.FunctionDef | ast.Lambda):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _rebound(
    scope: ScopeLowering,
    types: dict[str, ir.ValueType],
    members: dict[str, frozenset[str] | None],
) -> dict[str, ir.ValueType]:
    """Variables the try body binds anew, with the type a handler may see: the body may fail
    before or after binding them, so a type they had before only if it is the same, and no
    known members (an API result's fields are no longer certain)."""
    now = scope.symbols
    return {
        name: value_type if types.get(name, value_type) == value_type else "any"
        for name, value_type in now.variables.items()
        if types.get(name) != value_type or members.get(name) != now.members.get(name)
    }


def _lower_handler(
    scope: ScopeLowering,
    handler: ast.ExceptHandler,
    next_id: str,
    unsure: dict[str, ir.ValueType],
) -> str:
    saved_symbols, saved_handler = scope.symbols, scope.current_handler_var
    scope.symbols = saved_symbols.overlay()
    for name, value_type in unsure.items():
        scope.symbols.bind(name, value_type)
    if handler.name:
        scope.current_handler_var = handler.name
    elif _reraises(handler.body):
        scope.current_handler_var = _hidden_error_name(handler)
    try:
        entry = scope.lower_block(handler.body, next_id)
    finally:
        handler_symbols = scope.symbols
        scope.symbols, scope.current_handler_var = saved_symbols, saved_handler
    scope.symbols.merge(handler_symbols)
    return entry


def _targets(states: list[g.State]) -> set[str]:
    """Every id the given states transition to (a handler nobody reaches is not lowered)."""
    found: set[str] = set()
    for state in states:
        if isinstance(state, g.Flow):
            found.add(state.next)
        if isinstance(state, g.Choice):
            found.update(rule.next for rule in state.rules)
            found.add(state.default)
        found.update(rule.next for rule in getattr(state, "catch", ()))
    return found


# -- catch rules on states and raises ------------------------------------------------------


def active_rules(frames: list[tuple[g.CatchRule, ...]]) -> tuple[g.CatchRule, ...]:
    """The Catch of a state inside these tries: innermost first, nothing after a catch-all."""
    rules: list[g.CatchRule] = []
    for frame in reversed(frames):
        for rule in frame:
            rules.append(rule)
            if CATCH_ALL in rule.errors:
                return tuple(rules)
    return tuple(rules)


# Errors a failing JSONata expression raises that a handler may name. (A failing JSONPath
# intrinsic is States.Runtime, which no Catch catches: nothing to gain by guarding there.)
_EVALUATION_ERRORS = frozenset({CATCH_ALL, "States.QueryEvaluationError"})


def guard_pass(scope: ScopeLowering, state: g.Pass, rules: tuple[g.CatchRule, ...]) -> g.State:
    """A Pass state has no Catch. When its expressions can fail and a handler catches that,
    it runs as the one branch of a Parallel, which can catch, and hands its values back."""
    if scope.shared.query_language != "JSONata" or not any(
        _EVALUATION_ERRORS.intersection(rule.errors) for rule in rules
    ):
        return state
    values = [value for _, value in state.assign]
    if state.output is not None:
        values.append(state.output)
    if not any(may_fail(value) for value in values):
        return state
    entries = [*state.assign]
    if state.output is not None:
        entries.append(("__output", state.output))
    where = ast.Pass(
        lineno=state.loc.line, col_offset=state.loc.column - 1, end_lineno=state.loc.line
    )
    inner = scope.new_id(where, "value", use_comment=False, part_of=state.name)
    result = ir.Index(ir.StateResult(), ir.Const(0))
    return g.Parallel(
        state.name,
        state.loc,
        next=state.next,
        assign=tuple((name, ir.Field(result, name)) for name, _ in state.assign),
        output=ir.Field(result, "__output") if state.output is not None else None,
        branches=(g.Scope(inner, (g.Pass(inner, state.loc, output=ir.ObjectOf(tuple(entries))),)),),
        catch=rules,
    )


def lower_raise(
    scope: ScopeLowering,
    stmt: ast.stmt,
    error: str | ir.Expr | None,
    cause: str | ir.Expr | None,
    error_object: ir.Expr | None = None,
) -> str:
    """A Fail state, or inside a try the jump to the handler that catches the error.

    `error_object` is the `{"Error", "Cause"}` value a handler binds (built from error and cause
    when not given: the bare `raise` of a handler passes its own error on).
    """
    loc = scope.source.location(stmt)
    state_id = scope.new_id(stmt, scope.segment(stmt))
    rules = active_rules(scope.catch_frames)

    def fail(name: str) -> str:
        return scope.add(g.Fail(name, loc, error=error, cause=cause))

    if not rules:
        return fail(state_id)
    if error_object is None:
        entries: list[tuple[str, ir.Expr]] = []
        if error is not None:
            entries.append(("Error", _value(error)))
        if cause is not None:
            entries.append(("Cause", _value(cause)))
        error_object = ir.ObjectOf(tuple(entries))

    def jump(name: str, rule: g.CatchRule) -> str:
        assign = tuple((variable, error_object) for variable, _ in rule.assign)
        return scope.add(g.Pass(name, loc, next=rule.next, assign=assign))

    if isinstance(error, str) or error is None:  # known now: the jump Python makes
        for rule in rules:
            if error in rule.errors or CATCH_ALL in rule.errors:
                return jump(state_id, rule)
        return fail(state_id)
    if CATCH_ALL in rules[0].errors:
        return jump(state_id, rules[0])
    # An error name known only at run time: a Choice tries the handlers in order.
    choices: list[g.ChoiceRule] = []
    default: str | None = None
    for order, rule in enumerate(rules, start=1):
        handler_id = scope.new_id(stmt, "→ " + " | ".join(rule.errors), **_helper(order, state_id))
        target = jump(handler_id, rule)
        if CATCH_ALL in rule.errors:
            default = target
            break
        tests = tuple(ir.Compare("==", error, ir.Const(name)) for name in rule.errors)
        test = tests[0] if len(tests) == 1 else ir.BoolOp("or", tests)
        choices.append(g.ChoiceRule(test, target, loc))
    if default is None:
        helper = _helper(len(rules) + 1, state_id)
        default = fail(scope.new_id(stmt, "uncaught", **helper))
    return scope.add(g.Choice(state_id, loc, rules=tuple(choices), default=default))


def _helper(order: int, state_id: str) -> dict[str, Any]:
    return {"use_comment": False, "sub_order": order, "part_of": state_id}


def _value(text: str | ir.Expr) -> ir.Expr:
    return ir.Const(text) if isinstance(text, str) else text
