"""Reading and rewriting the expressions of IR states: which variables an expression reads, and
the same expression with variables (or the state input) replaced by other expressions.

Used by the folding pass, which moves an assignment into a neighbouring state and must then
say the assignment's values in terms of what that state sees.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g


class Captured(Exception):
    """A replacement would put a variable under a comprehension that binds the same name."""


Replace = Callable[[ir.Expr], ir.Expr | None]  # a node's replacement, or None to keep it


def substitute(
    node: ir.Expr, variables: dict[str, ir.Expr], state_input: ir.Expr | None
) -> ir.Expr:
    """`node` with each `Var(v)` of `variables` replaced, and `StateInput` by `state_input`
    (when given). Raises Captured where a comprehension's own variable would capture a name."""
    free = set().union(*(reads(value) for value in variables.values())) if variables else set()
    if state_input is not None:
        free |= reads(state_input)

    def walk(n: ir.Expr, hidden: frozenset[str]) -> ir.Expr:
        if isinstance(n, ir.Var):
            if n.name in variables and n.name not in hidden:
                return variables[n.name]
            return n
        if isinstance(n, ir.StateInput) and state_input is not None:
            return state_input
        if isinstance(n, ir.Comprehension):
            inner = hidden | {n.var}
            if n.var in free and (
                any(v in variables for v in reads(n.element))
                or (n.condition is not None and any(v in variables for v in reads(n.condition)))
                or (state_input is not None and _mentions_input(n))
            ):
                raise Captured(n.var)
            return ir.Comprehension(
                walk(n.element, inner),
                n.var,
                walk(n.items, hidden),
                walk(n.condition, inner) if n.condition is not None else None,
            )
        return _map_children(n, lambda child: walk(child, hidden))

    return walk(node, frozenset())


def reads(node: ir.Expr) -> set[str]:
    """The workflow variables an expression reads (a comprehension's own variable excluded)."""
    found: set[str] = set()
    for n, hidden in _nodes(node, frozenset()):
        if isinstance(n, ir.Var) and n.name not in hidden:
            found.add(n.name)
    return found


def mentions(node: ir.Expr, kind: type[ir.Expr]) -> bool:
    """Whether any part of the expression is of this kind (StateInput, StateResult, ...)."""
    return any(isinstance(n, kind) for n, _ in _nodes(node, frozenset()))


def _mentions_input(node: ir.Expr) -> bool:
    return mentions(node, ir.StateInput)


def _nodes(node: ir.Expr, hidden: frozenset[str]) -> Iterator[tuple[ir.Expr, frozenset[str]]]:
    yield node, hidden
    if isinstance(node, ir.Comprehension):
        yield from _nodes(node.items, hidden)
        inner = hidden | {node.var}
        yield from _nodes(node.element, inner)
        if node.condition is not None:
            yield from _nodes(node.condition, inner)
        return
    for child in _children(node):
        yield from _nodes(child, hidden)


def _children(node: ir.Expr) -> Iterator[ir.Expr]:
    for field in dataclasses.fields(node):
        yield from _exprs_in(getattr(node, field.name))


def _exprs_in(value: Any) -> Iterator[ir.Expr]:
    if isinstance(value, ir.Expr):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _exprs_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _exprs_in(item)


def _map_children(node: ir.Expr, fn: Callable[[ir.Expr], ir.Expr]) -> ir.Expr:
    changes = {}
    for field in dataclasses.fields(node):
        old = getattr(node, field.name)
        new = map_value(old, fn)
        if new is not old:
            changes[field.name] = new
    return dataclasses.replace(node, **changes) if changes else node


def map_value(value: Any, fn: Callable[[ir.Expr], ir.Expr]) -> Any:
    """A JSON-shaped value (dicts, lists, tuples, `(key, expr)` pairs) with `fn` applied to each
    expression in it; the same object when nothing changed."""
    if isinstance(value, ir.Expr):
        return fn(value)
    if isinstance(value, tuple | list):
        items = [map_value(item, fn) for item in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items)
    if isinstance(value, dict):
        mapped = {key: map_value(item, fn) for key, item in value.items()}
        if all(mapped[key] is value[key] for key in value):
            return value
        return mapped
    return value


def value_exprs(value: Any) -> Iterator[ir.Expr]:
    """The expressions inside a JSON-shaped value."""
    yield from _exprs_in(value)


# -- the fields of a state, by when ASL evaluates them -------------------------------------

# Fields evaluated before the state's work, against its input (Arguments, Items, conditions...).
_BEFORE = {
    g.Task: ("arguments", "timeout_seconds", "heartbeat_seconds"),
    g.Parallel: ("arguments",),
    g.Map: ("items", "item_selector", "distributed"),
    g.Wait: ("seconds", "timestamp"),
    g.Choice: ("rules",),
    g.Succeed: ("output",),
    g.Fail: ("error", "cause"),
    g.Pass: (),
}
# Fields evaluated after the work, where a Task, Parallel or Map also sees its result.
_AFTER = ("assign", "output")


def before_fields(state: g.State) -> tuple[str, ...]:
    return _BEFORE.get(type(state), ())


def after_fields(state: g.State) -> tuple[str, ...]:
    if isinstance(state, g.Succeed | g.Fail):
        return ()
    return tuple(name for name in _AFTER if hasattr(state, name))


def state_exprs(state: g.State) -> Iterator[ir.Expr]:
    """Every expression of the state's own fields (its inner scopes excluded)."""
    for name in (*before_fields(state), *after_fields(state)):
        yield from _exprs_in(_plain(getattr(state, name)))
    for rule in getattr(state, "catch", ()):
        yield from _exprs_in(rule.assign)
    if isinstance(state, g.Literal):
        # Literal ASL reads variables in text no pass rewrites: they count as reads, so
        # their assignments are kept, and a fold never substitutes them away (fold.py).
        yield from (ir.Var(name) for name in sorted(state.reads))


def literal_reads(scope: g.Scope) -> set[str]:
    """The variables the literal states of a scope (inner scopes included) read."""
    found: set[str] = set()
    for state in scope.states:
        if isinstance(state, g.Literal):
            found |= state.reads
        for inner in inner_scopes(state):
            found |= literal_reads(inner)
    return found


def scope_reads(scope: g.Scope) -> set[str]:
    """The variables any state of a scope (inner scopes included) reads."""
    found: set[str] = set()
    for state in scope.states:
        for expr in state_exprs(state):
            found |= reads(expr)
        for inner in inner_scopes(state):
            found |= scope_reads(inner)
    return found


def inner_scopes(state: g.State) -> tuple[g.Scope, ...]:
    if isinstance(state, g.Parallel):
        return state.branches
    if isinstance(state, g.Map) and state.processor is not None:
        return (state.processor,)
    return ()


def _plain(value: Any) -> Any:
    """Choice rules and Distributed settings hold their expressions in dataclasses."""
    if isinstance(value, tuple) and value and isinstance(value[0], g.ChoiceRule):
        return tuple((rule.condition, rule.assign) for rule in value)
    if isinstance(value, g.Distributed):
        return (value.item_reader, value.batch_input, value.result_writer)
    return value


def rewrite_fields(
    state: g.State, names: tuple[str, ...], fn: Callable[[ir.Expr], ir.Expr]
) -> g.State:
    """The state with `fn` applied to every expression in the named fields."""
    changes: dict[str, Any] = {}
    for name in names:
        old = getattr(state, name)
        if isinstance(old, tuple) and old and isinstance(old[0], g.ChoiceRule):
            new: Any = tuple(
                dataclasses.replace(
                    rule, condition=fn(rule.condition), assign=map_value(rule.assign, fn)
                )
                for rule in old
            )
        elif isinstance(old, g.Distributed):
            new = dataclasses.replace(
                old,
                item_reader=map_value(old.item_reader, fn),
                batch_input=map_value(old.batch_input, fn),
                result_writer=map_value(old.result_writer, fn),
            )
        else:
            new = map_value(old, fn)
        changes[name] = new
    return dataclasses.replace(state, **changes) if changes else state


_NEVER_FAIL = (ir.Const, ir.Var, ir.StateInput, ir.StateResult, ir.ErrorOutput, ir.ContextPath)


def may_fail(value: ir.Expr) -> bool:
    """Whether evaluating the expression can raise (reading fields and variables cannot)."""
    if isinstance(value, _NEVER_FAIL):
        return False
    if isinstance(value, ir.Field):
        return may_fail(value.obj)
    if isinstance(value, ir.ListOf):
        return any(may_fail(item) for item in value.items)
    if isinstance(value, ir.ObjectOf):
        return any(may_fail(item) for _, item in value.entries)
    return True
