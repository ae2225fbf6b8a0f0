"""Lowering `parallel(branch_a, branch_b)`: each branch is a function defined in the workflow
body, lowered as its own ASL scope (its variables are its own, as a nested function's are)."""

from __future__ import annotations

import ast
from dataclasses import replace
from typing import TYPE_CHECKING

from flowdsl.frontend import calls
from flowdsl.frontend.symbols import assigned_names
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.graph import END

if TYPE_CHECKING:
    from flowdsl.frontend.statements import ScopeLowering


def lower_parallel(
    scope: ScopeLowering,
    stmt: ast.stmt,
    call: ast.Call,
    next_id: str,
    *,
    targets: ast.expr | None,
    output: bool,
) -> str:
    retry: tuple[g.RetryRule, ...] = ()
    for keyword in call.keywords:
        if keyword.arg != "retry":
            raise scope.error(
                "FD109",
                keyword,
                f"parallel() takes no option {keyword.arg!r}",
                "parallel(branch_a, branch_b, retry=Retry(...))",
            )
        retry = calls.retry_rules(keyword.value, scope.symbols, scope.source)
    if len(call.args) < 1:
        raise scope.error("FD109", call, "parallel() needs at least one branch")
    branches: list[g.Scope] = []
    for arg in call.args:
        if not isinstance(arg, ast.Name) or arg.id not in scope.local_functions:
            raise scope.error(
                "FD110",
                arg,
                "a branch is a function defined inside the workflow",
                "def check(): ...  then  parallel(check, ...)",
            )
        branches.append(
            lower_branch_function(
                scope, scope.local_functions[arg.id], value_used=targets is not None or output
            )
        )
    assign: tuple[tuple[str, ir.Expr], ...] = ()
    if isinstance(targets, ast.Tuple):
        if len(targets.elts) != len(call.args):
            raise scope.error(
                "FD111",
                targets,
                f"parallel() returns {len(call.args)} results; "
                f"{len(targets.elts)} names are assigned",
            )
        assign = tuple(
            (scope.bind(t), ir.Index(ir.StateResult(), ir.Const(i)))
            for i, t in enumerate(targets.elts)
        )
    elif targets is not None:
        assign = ((scope.bind(targets, "array"), ir.StateResult()),)
    state_id = scope.new_id(stmt, scope.call_name(stmt, call))
    return add_parallel(
        scope,
        g.Parallel(state_id, scope.source.location(stmt), branches=tuple(branches), retry=retry),
        next_id,
        assign=assign,
        value=ir.StateResult() if output else None,
    )


def add_parallel(
    scope: ScopeLowering,
    state: g.Parallel,
    next_id: str,
    *,
    assign: tuple[tuple[str, ir.Expr], ...],
    value: ir.Expr | None,
) -> str:
    """Add a Parallel that either goes on to `next_id` or, given the `value` it returns,
    ends the scope with it (`return parallel(...)`)."""
    return scope.add(
        replace(state, next=END if value is not None else next_id, assign=assign, output=value)
    )


def lower_branch_function(
    scope: ScopeLowering, fn: ast.FunctionDef, *, value_used: bool = True
) -> g.Scope:
    if fn.args.args or fn.args.posonlyargs or fn.args.kwonlyargs or fn.args.vararg or fn.args.kwarg:
        raise scope.error(
            "FD110",
            fn.args,
            "a parallel branch takes no parameters",
            "read the workflow's variables directly inside the branch",
        )
    if fn.decorator_list:
        raise scope.error("FD110", fn.decorator_list[0], "a branch function has no decorators")
    inner = type(scope)(scope.shared, scope.symbols.child(), "branch", scope.local_functions)
    body = function_body(inner, fn, value_used=value_used)
    start = inner.lower_block(body, END)
    # The branch is named after its function in the ASL (its Comment) and so in the picture.
    return replace(inner.finish(start, fn), comment=fn.name)


def function_body(inner: ScopeLowering, fn: ast.FunctionDef, *, value_used: bool) -> list[ast.stmt]:
    """The statements of a function defined in the workflow, ready for `inner` (its own ASL
    scope) to lower: its names made its own, and a `return None` where it falls off its end."""
    # A function's variables are its own (as a nested function's are). A name also bound
    # elsewhere in the workflow gets a name of its own: an inner scope must not assign a
    # variable that exists outside it, which a loop around the call would make true.
    elsewhere = inner.shared.bound_names
    params = {a.arg for a in fn.args.args}
    for name in sorted(assigned_names(fn.body) | params):
        if elsewhere[name] > _count_bindings(fn, name):
            inner.symbols.aliases[name] = f"{name}__{fn.name}"
    body = list(fn.body)
    if value_used and not always_exits(body):
        # A function that falls off its end returns None; so does its scope (whose output
        # would otherwise be its last state's output).
        implicit = ast.Return(value=None)
        ast.copy_location(implicit, body[-1])
        implicit.end_lineno, implicit.end_col_offset = body[-1].end_lineno, body[-1].end_col_offset
        implicit.flowdsl_label = "return None"  # type: ignore[attr-defined]  # takes no # state:
        body.append(implicit)
    return body


def always_exits(body: list[ast.stmt]) -> bool:
    """Whether every path through `body` ends in a return or raise (so nothing falls off
    the end): an if with an else, and a try whose body and handlers, all exit."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, ast.Return | ast.Raise):
        return True
    if isinstance(last, ast.If):
        return always_exits(last.body) and always_exits(last.orelse)
    if isinstance(last, ast.Try):
        return (always_exits(last.body) or always_exits(last.orelse)) and all(
            always_exits(handler.body) for handler in last.handlers
        )
    return False


def _count_bindings(node: ast.AST, name: str) -> int:
    return sum(
        1
        for child in ast.walk(node)
        if (isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store) and child.id == name)
        or (isinstance(child, ast.arg) and child.arg == name)
    )
