"""JSONPath: the workflow's input kept in the state data, as a hand-writer keeps it.

flowdsl's JSONPath form moves data through variables (`Assign`). A workflow that adds each
step's result to its input (`event["x"] = fn.invoke(event)`) is written by hand with that dict
as the state data `$` instead: each Task puts its result into it with `ResultPath: "$.x"`, a
Catch puts the error into it with its own `ResultPath`, `Payload.$` is `$`, and the last
Task's output is the dict, with no state to merge or return it. This pass does the same where
it means the same, for a variable V (the workflow's parameter) when:

- every change of V is `V["k"] = <the whole result of a Task>` (`ResultPath: "$.k"`), or
  `V["k"] = <the caught error>` as a handler's first step (the Catch's `ResultPath: "$.k"`);
- `$` holds V at every state that reads V: at the start it holds the input; a Task keeps it
  with its `ResultPath` (`null` where it does not change V and V is read later), Pass, Choice
  and Wait states pass their input on, and a Catch only with its `ResultPath`;
- V is read only where `$` means the state input (Parameters, conditions, Pass values, ...),
  not in a Task's `Assign` (there `$` is the result), a Catch, or a Parallel or Map body.

Otherwise the workflow is left as it was (V stays a variable merged with States.JsonMerge).
Sources: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
(ResultPath of a Task and of a Catch; `null` keeps the input as the output) and
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html (Pass,
Choice and Wait pass their input on as their output when they have no Parameters/Result).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.fold import EXECUTION_INPUT, skip_empty, targets
from flowdsl.ir.graph import END
from flowdsl.ir.rewrite import (
    before_fields,
    inner_scopes,
    mentions,
    reads,
    rewrite_fields,
    scope_reads,
    state_exprs,
    substitute,
)

Pairs = tuple[tuple[str, ir.Expr], ...]
Before = tuple[ir.Expr, ...]
_KEEPS_INPUT = (g.Pass, g.Choice, g.Wait)  # output = input when they have no output of their own


def keep_input_in_state_data(graph: g.WorkflowGraph, explicit: frozenset[str]) -> g.WorkflowGraph:
    if graph.query_language != "JSONPath":
        return graph
    return dataclasses.replace(graph, body=_scope(graph.body, explicit))


def _scope(scope: g.Scope, explicit: frozenset[str], *, iteration: bool = False) -> g.Scope:
    """The scope, and the iterations of its Maps, with each variable that can be `$` there."""
    states = tuple(
        dataclasses.replace(s, processor=_scope(s.processor, explicit, iteration=True))
        if isinstance(s, g.Map) and s.processor is not None
        else s
        for s in scope.states
    )
    scope = g.Scope(scope.start, states, scope.comment)
    for var in sorted(_candidates(scope, iteration=iteration)):
        carried = _Carry(scope, var, top=not iteration).apply()
        if carried is not None:
            scope = skip_empty(_end_early(carried, explicit), explicit)
    return scope


def _candidates(scope: g.Scope, *, iteration: bool) -> set[str]:
    """Variables merged with a Task's whole result somewhere, or, in a Map iteration, the item
    bound at its first state (a Pass of its own: the workflow's parameter is bound without a
    state already); the plan then checks every other change."""
    found = set()
    for state in scope.states:
        entry = state.name == scope.start
        before = _before(top=not iteration, entry=entry)
        for var, value in getattr(state, "assign", ()):
            merged = _merge(value, var, before) if isinstance(state, g.Task) else None
            if merged is not None and isinstance(merged[1], ir.StateResult):
                found.add(var)
            if iteration and entry and value == ir.StateInput():
                found.add(var)
    inner = set()
    for state in scope.states:
        for body in inner_scopes(state):
            inner |= scope_reads(body) | _assigned(body)
    return found - inner


def _assigned(scope: g.Scope) -> set[str]:
    names = set()
    for state in scope.states:
        names |= {var for var, _ in _all_pairs(state)}
        for body in inner_scopes(state):
            names |= _assigned(body)
    return names


def _all_pairs(state: g.State) -> Pairs:
    pairs: Pairs = tuple(getattr(state, "assign", ()))
    for rule in getattr(state, "catch", ()):
        pairs += rule.assign
    if isinstance(state, g.Choice):
        for choice in state.rules:
            pairs += choice.assign
    return pairs


def _merge(value: ir.Expr, var: str, before: Before) -> tuple[str, ir.Expr] | None:
    """(k, x) when `value` is V with V["k"] = x, V as it was before the state."""
    if (
        isinstance(value, ir.SetItem)
        and _is_current(value.obj, var, before)
        and isinstance(value.key, ir.Const)
        and isinstance(value.key.value, str)
        and value.key.value.isascii()
        and value.key.value.isidentifier()  # `$.k` as a reference path writes it plainly
    ):
        return value.key.value, value.value
    return None


def _before(*, top: bool, entry: bool) -> Before:
    """What else than `Var(V)` says V's value before a state, as fold writes it: at a scope's
    first state V bound there is its input, and at the workflow's first state the execution
    input (fold binds the workflow's parameter without a state of its own)."""
    if not entry:
        return ()
    return (ir.StateInput(), EXECUTION_INPUT) if top else (ir.StateInput(),)


def _is_current(value: ir.Expr, var: str, before: Before) -> bool:
    return value == ir.Var(var) or value in before


class _Carry:
    """The plan for one variable: which states see it as `$`, and the rewrite."""

    def __init__(self, scope: g.Scope, var: str, *, top: bool) -> None:
        self.scope = scope
        self.var = var
        self.top = top
        self.states = {s.name: s for s in scope.states}
        # The ways into each state: (source, 0) by Next or a Choice's rule or Default,
        # (source, i + 1) by the source's catch rule i.
        self.sources: dict[str, list[tuple[str, int]]] = {n: [] for n in self.states}
        for state in scope.states:
            for edge, target in _edges(state):
                if target in self.sources:
                    self.sources[target].append((state.name, edge))

    def apply(self) -> g.Scope | None:
        entry = self.scope.start
        if any(not self._input_unread(s, entry) for s in self.scope.states):
            return None
        live = self._live()
        plan: dict[str, g.State] = {}
        for name in sorted(live):
            new = self._rewrite(self.states[name], live=live)
            if new is None:
                return None
            plan[name] = new
        for name in sorted(live):
            if name != entry and not self._carried_into(name, plan):
                return None
        if entry in live and self.sources[entry] and not self._carried_into(entry, plan):
            return None  # a loop back to the first state
        plan.update(self._handlers(plan))
        states = _unread_errors(tuple(plan.get(s.name, s) for s in self.scope.states))
        if self.var in scope_reads(g.Scope(entry, states)) or any(
            var == self.var for s in states for var, _ in _all_pairs(s)
        ):
            return None  # a read or a change the plan could not move into `$`
        return g.Scope(self.scope.start, states, self.scope.comment)

    def _input_unread(self, state: g.State, entry: str) -> bool:
        """Whether the state is unaffected by `$` holding V where it held a result before:
        it reads no `$` (the first state's is the input either way), passes none on as the
        workflow's output, and gives none to a Parallel branch."""
        if state.name != entry and any(mentions(e, ir.StateInput) for e in state_exprs(state)):
            return False
        if isinstance(state, g.Pass | g.Wait) and state.next == END and state.output is None:
            return False
        if isinstance(state, g.Succeed) and state.output is None:
            return False
        return not (
            isinstance(state, g.Parallel)
            and state.arguments is None
            and any(
                mentions(e, ir.StateInput)
                for branch in state.branches
                for inner in branch.states
                for e in state_exprs(inner)
            )
        )

    # -- which states need `$` to hold V ------------------------------------------------

    def _live(self) -> set[str]:
        """States that read or change V, and every state from which one can be reached."""
        need = {
            s.name
            for s in self.scope.states
            if any(self.var in reads(e) for e in state_exprs(s))
            or any(var == self.var for var, _ in _all_pairs(s))
        }
        live = set(need)
        changed = True
        while changed:
            changed = False
            for state in self.scope.states:
                if state.name not in live and any(t in live for t in targets(state)):
                    live.add(state.name)
                    changed = True
        return live

    def _carried_into(self, name: str, plan: dict[str, g.State]) -> bool:
        """Whether every way into the state brings V as `$`."""
        for source, edge in self.sources[name]:
            state = plan.get(source)
            if state is None:
                return False  # a state that does not keep V leads here
            if edge == 0:
                if isinstance(state, g.Task) and state.result_path is None:
                    return False
                if isinstance(state, _KEEPS_INPUT) and getattr(state, "output", None) is not None:
                    return False
                if not isinstance(state, (g.Task, *_KEEPS_INPUT)):
                    return False
            elif not self._catch_keeps(source, edge - 1, name):
                return False
        return True

    def _before(self, name: str) -> Before:
        return _before(top=self.top, entry=name == self.scope.start)

    def _catch_keeps(self, source: str, index: int, handler: str) -> bool:
        rule = _catches(self.states[source])[index]
        return self._catch_merge(source, rule, handler) is not None

    def _catch_merge(
        self, source: str, rule: g.CatchRule, handler: str
    ) -> tuple[str, str | None] | None:
        """(k, W) when the handler's first step is `V["k"] = W`, W the error the Catch
        assigns, its only way in this rule; (k, None) when the Catch itself merges it."""
        for var, value in rule.assign:
            merged = _merge(value, self.var, self._before(source)) if var == self.var else None
            if merged is not None and isinstance(merged[1], ir.ErrorOutput):
                return merged[0], None
        errors = [var for var, value in rule.assign if value == ir.ErrorOutput()]
        state = self.states.get(handler)
        if not errors or not isinstance(state, g.Pass) or state.output is not None:
            return None
        if len(self.sources[handler]) != 1 or len(state.assign) != 1:
            return None
        ((var, value),) = state.assign
        merged = _merge(value, self.var, ()) if var == self.var else None
        if merged is None or not isinstance(merged[1], ir.Var) or merged[1].name not in errors:
            return None
        return merged[0], merged[1].name

    # -- the rewrite ----------------------------------------------------------------------

    def _rewrite(self, state: g.State, *, live: set[str]) -> g.State | None:
        """The state reading V as `$` and writing V's change with ResultPath, or None."""
        var = self.var
        as_input: dict[str, ir.Expr] = {var: ir.StateInput()}
        if isinstance(state, g.Task):
            kept, merge = self._split(state.assign, self._before(state.name))
            if kept is None or any(var in reads(e) for _, e in kept):
                return None  # a Task's Assign sees its result as `$`, not V
            if merge is not None:
                key, value = merge
                if not isinstance(value, ir.StateResult):
                    return None
                path: g.ResultPath = (key,)
            elif state.next != END and state.next in live:
                path = ()
            else:
                path = None
            if state.next == END and path is not None:
                return None  # the workflow's output would change
            if state.output is not None and (path is not None or var in reads(state.output)):
                return None  # an output picked from the result (ResultSelector/OutputPath)
            new = rewrite_fields(
                state, before_fields(state), lambda e: substitute(e, as_input, None)
            )
            assert isinstance(new, g.Task)
            return dataclasses.replace(new, assign=kept, result_path=path)
        if isinstance(state, g.Pass | g.Wait | g.Choice | g.Succeed | g.Fail):
            if any(var == v for v, _ in _all_pairs(state)):
                if isinstance(state, g.Pass) and self._is_handler_merge(state):
                    return state  # rewritten with its Catch (_handlers)
                if isinstance(state, g.Pass | g.Wait | g.Choice):
                    kept, merge = self._split(state.assign, self._before(state.name))
                    if kept is None or merge is not None:
                        return None
                    state = dataclasses.replace(state, assign=kept)  # V's binding: `$` itself
                if any(var == v for v, _ in _all_pairs(state)):
                    return None
            output = getattr(state, "output", None)
            if isinstance(state, g.Pass | g.Succeed) and output == ir.Var(var):
                state = dataclasses.replace(state, output=None)
            elif (
                isinstance(state, g.Pass)
                and output is not None
                and any(var in reads(e) for _, e in state.assign)
            ):
                return None  # a Pass's Assign sees its own output as `$`
            fields = [*before_fields(state), "output"] if isinstance(state, g.Pass) else []
            fields += [f for f in before_fields(state) if f not in fields]
            if isinstance(state, g.Pass | g.Wait | g.Choice):
                fields.append("assign")
            return rewrite_fields(
                state, tuple(dict.fromkeys(fields)), lambda e: substitute(e, as_input, None)
            )
        return None  # Parallel and Map: V as `$` is not planned for them

    def _split(self, pairs: Pairs, before: Before) -> tuple[Pairs | None, tuple[str, Any] | None]:
        """A Task's Assign without V, and V's merge if any (None, None: V changed otherwise)."""
        kept: list[tuple[str, ir.Expr]] = []
        merge = None
        for var, value in pairs:
            if var != self.var:
                kept.append((var, value))
            elif _is_current(value, var, before):
                continue  # unchanged
            elif (merged := _merge(value, var, before)) is not None:
                merge = merged
            else:
                return None, None
        return tuple(kept), merge

    def _is_handler_merge(self, state: g.Pass) -> bool:
        for source, edge in self.sources[state.name]:
            if edge > 0:
                rule = _catches(self.states[source])[edge - 1]
                return self._catch_merge(source, rule, state.name) is not None
        return False

    def _handlers(self, plan: dict[str, g.State]) -> dict[str, g.State]:
        """Each Catch that merges the error into V: its ResultPath, without V's assignment
        and the handler's merge step (the error's own variable goes in _unread_errors)."""
        out: dict[str, g.State] = {}
        for name, state in plan.items():
            rules = _catches(state)
            if not rules:
                continue
            new_rules = []
            for rule in rules:
                merged = self._catch_merge(name, rule, rule.next)
                # V "unchanged" (as fold writes it) needs no Assign once `$` is V; any other
                # change of V stays, and the plan is then given up (apply's last check).
                before = self._before(name)
                itself = merged is not None and merged[1] is None  # the Catch merges it
                assign = tuple(
                    (v, e)
                    for v, e in rule.assign
                    if v != self.var
                    or not (_is_current(e, v, before) or (itself and _merge(e, v, before)))
                )
                if merged is None:
                    new_rules.append(dataclasses.replace(rule, assign=assign))
                    continue
                key, error = merged
                handler = plan.get(rule.next, self.states[rule.next])
                if error is not None and isinstance(handler, g.Pass):
                    out[rule.next] = dataclasses.replace(handler, assign=())
                new_rules.append(dataclasses.replace(rule, assign=assign, result_path=(key,)))
            assert isinstance(state, g.Task)  # the only state the plan gives a Catch
            out[name] = dataclasses.replace(state, catch=tuple(new_rules))
        return out


def _edges(state: g.State) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if isinstance(state, g.Flow) and state.next != END:
        out.append((0, state.next))
    if isinstance(state, g.Choice):
        out += [(0, rule.next) for rule in state.rules]
        out += [(0, state.default)] if state.default != END else []
    out += [(i + 1, rule.next) for i, rule in enumerate(_catches(state))]
    return out


def _unread_errors(states: tuple[g.State, ...]) -> tuple[g.State, ...]:
    """A Catch with a ResultPath no longer assigns the error to a variable nothing reads
    (the handler's merge read it)."""
    read = scope_reads(g.Scope("", states))
    out = []
    for state in states:
        rules = _catches(state)
        if any(rule.result_path is not None for rule in rules):
            rules = tuple(
                dataclasses.replace(
                    rule,
                    assign=tuple(
                        (v, e)
                        for v, e in rule.assign
                        if v in read or e != ir.ErrorOutput() or rule.result_path is None
                    ),
                )
                for rule in rules
            )
            assert isinstance(state, g.Task)  # the only state the plan gives a Catch
            state = dataclasses.replace(state, catch=rules)
        out.append(state)
    return tuple(out)


def _catches(state: g.State) -> tuple[g.CatchRule, ...]:
    return tuple(getattr(state, "catch", ()))


def _end_early(scope: g.Scope, explicit: frozenset[str]) -> g.Scope:
    """A Pass that only ends the workflow (its `return V` now the data itself) is left out:
    the states whose Next it is end there instead (a Choice, which cannot end, keeps it)."""
    ends = {
        s.name
        for s in scope.states
        if type(s) is g.Pass
        and s.next == END
        and not s.assign
        and s.output is None
        and s.comment is None
        and s.name not in explicit
    }
    if not ends:
        return scope
    states = [
        dataclasses.replace(s, next=END)
        if isinstance(s, g.Task | g.Pass | g.Wait) and s.next in ends
        else s
        for s in scope.states
    ]
    still = {t for s in states for t in targets(s)} | {scope.start}
    return g.Scope(
        scope.start,
        tuple(s for s in states if s.name not in ends or s.name in still),
        scope.comment,
    )
