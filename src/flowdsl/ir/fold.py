"""The folding pass: as few states as a careful hand-writer would use.

Lowering gives every assignment and every `return value` a Pass state of its own, and binds the
workflow's parameter in a Pass at the start. A Pass that only moves data can usually ride on a
neighbour instead, since every state has `Assign` and (JSONata) `Output`:

- backward: a Pass whose only way in is the `Next` of a Task, Parallel, Map, Wait or Pass is
  folded into that state's `Assign`/`Output`. ASL evaluates all `Assign` entries (and `Output`)
  of a state against the variables as they were before it, so the Pass's values are rewritten
  in those terms: a variable the neighbour assigns is replaced by the neighbour's own value for
  it, and the Pass's input by the neighbour's output (`$states.result`, ...).
- forward: a Pass whose successor has no other way in is folded into the successor. Its values
  are written where the successor used the variables, and assigned by the successor. This is
  how the execution input is bound without a state of its own.

A `# state:` comment asks for a state: a Pass named that way is never folded away. Folding
never moves an evaluation that can fail into a state whose Retry or Catch would then see it,
and in JSONPath (where `$` means the input or the result depending on the field, and
intrinsics do not nest inside paths) only rewrites that stay paths are made.
Sources: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
(evaluation of Assign against the values before the state),
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html ($states.input in
every field, $states.result in a Task's Assign and Output).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.graph import END
from flowdsl.ir.rewrite import (
    Captured,
    after_fields,
    before_fields,
    inner_scopes,
    literal_reads,
    may_fail,
    mentions,
    reads,
    rewrite_fields,
    scope_reads,
    state_exprs,
    substitute,
    value_exprs,
)

_ENTRY = "<entry>"  # the source of a scope's StartAt
EXECUTION_INPUT = ir.ContextPath(("Execution", "Input"))
_ABSORBS_BACKWARD = (g.Task, g.Parallel, g.Map, g.Wait, g.Pass)
_ABSORBS_FORWARD = (g.Task, g.Parallel, g.Map, g.Wait, g.Pass, g.Choice, g.Succeed, g.Fail)


def fold(graph: g.WorkflowGraph, explicit: frozenset[str]) -> g.WorkflowGraph:
    """`graph` with every Pass folded into a neighbour where ASL means the same."""
    folder = _Folder(graph.query_language == "JSONPath", explicit, _readers(graph.body))
    body = folder.scope(graph.body, top=True)
    body = _drop_unread(body, scope_reads(body))
    return dataclasses.replace(graph, body=skip_empty(body, explicit))


def _drop_unread(scope: g.Scope, read: set[str]) -> g.Scope:
    """Assignments no expression of the workflow reads (a parameter bound but never used, or a
    value only a folded state read) are left out, unless evaluating them could fail."""

    def keep(pairs: tuple[tuple[str, ir.Expr], ...]) -> tuple[tuple[str, ir.Expr], ...]:
        return tuple((v, e) for v, e in pairs if v in read or may_fail(e))

    states: list[g.State] = []
    for state in scope.states:
        changes: dict[str, Any] = {}
        if isinstance(state, g.Flow | g.Choice) and state.assign:
            changes["assign"] = keep(state.assign)
        if isinstance(state, g.Choice) and any(rule.assign for rule in state.rules):
            changes["rules"] = tuple(
                dataclasses.replace(rule, assign=keep(rule.assign)) for rule in state.rules
            )
        catch = getattr(state, "catch", ())
        if catch:
            changes["catch"] = tuple(dataclasses.replace(c, assign=keep(c.assign)) for c in catch)
        if isinstance(state, g.Parallel):
            changes["branches"] = tuple(_drop_unread(b, read) for b in state.branches)
        if isinstance(state, g.Map) and state.processor is not None:
            changes["processor"] = _drop_unread(state.processor, read)
        states.append(dataclasses.replace(state, **changes) if changes else state)
    return g.Scope(scope.start, tuple(states), scope.comment)


class _Folder:
    def __init__(
        self, jsonpath: bool, explicit: frozenset[str], readers: dict[str, set[str]]
    ) -> None:
        # Which states read each variable, as lowered: a fold only moves a read into the
        # state that absorbs its reader, so "read by S alone" stays true while folding.
        self.readers = readers
        self.jsonpath = jsonpath
        self.explicit = explicit

    def scope(self, scope: g.Scope, *, top: bool = False) -> g.Scope:
        states: dict[str, g.State] = {s.name: self._inner(s) for s in scope.states}
        start = scope.start
        sources: dict[str, list[str]] = {name: [] for name in states}
        sources.setdefault(start, []).append(_ENTRY)
        for state in states.values():
            for target in targets(state):
                sources.setdefault(target, []).append(state.name)
        changed = True
        while changed:  # a fold can make another possible; each sweep is linear
            changed = False
            for name in list(states):
                candidate = states.get(name)
                if not isinstance(candidate, g.Pass) or not self._candidate(candidate):
                    continue
                if self._fold_backward(candidate, states, sources):
                    changed = True
                    continue
                entry = top and start == name
                absorbed_by = self._fold_forward(candidate, states, sources, entry=entry)
                if absorbed_by is not None:
                    if start == name:
                        start = absorbed_by
                    changed = True
        if not self.jsonpath:
            for name, state in states.items():
                if type(state) is g.Pass:
                    states[name] = _read_input_instead(state, states, sources)
        return g.Scope(start, tuple(states.values()), scope.comment)

    def _inner(self, state: g.State) -> g.State:
        if isinstance(state, g.Parallel):
            return dataclasses.replace(state, branches=tuple(self.scope(b) for b in state.branches))
        if isinstance(state, g.Map) and state.processor is not None:
            return dataclasses.replace(state, processor=self.scope(state.processor))
        return state

    def _candidate(self, state: g.Pass) -> bool:
        return type(state) is g.Pass and state.name not in self.explicit and state.comment is None

    # -- into the state before -------------------------------------------------------------

    def _fold_backward(
        self, p: g.Pass, states: dict[str, g.State], sources: dict[str, list[str]]
    ) -> bool:
        ways_in = sources.get(p.name, [])
        if len(ways_in) != 1 or ways_in[0] == _ENTRY:
            return False
        q = states[ways_in[0]]
        if q is p:
            return False
        if isinstance(q, g.Task | g.Parallel | g.Map) and any(
            rule.next == p.name for rule in q.catch
        ):
            return self._fold_into_catch(p, q, states, sources)
        if isinstance(q, g.Choice):
            return self._fold_into_rule(p, q, states, sources)
        if not isinstance(q, _ABSORBS_BACKWARD) or q.next != p.name:
            return False
        values = [e for _, e in p.assign] + ([p.output] if p.output is not None else [])
        guarded = isinstance(q, g.Task | g.Parallel | g.Map) and (q.catch or q.retry)
        if guarded and any(may_fail(e) for e in values):
            return False  # the neighbour's Retry or Catch would see the failure
        produces_result = isinstance(q, g.Task | g.Parallel | g.Map)
        assigned = dict(q.assign)
        if self.jsonpath and p.output is not None:
            return self._result_selector(p, q, states, sources)
        if self.jsonpath:
            # $ in a JSONPath Assign is the result (Task, Parallel, Map) or the input (Pass,
            # Wait); keep to entries that read neither the neighbour's variables nor an output.
            if q.output is not None:
                return False
            if any(reads(e) & assigned.keys() for e in values):
                return False
            state_input: ir.Expr = ir.StateResult() if produces_result else ir.StateInput()
            variables: dict[str, ir.Expr] = {}
        else:
            state_input = (
                q.output
                if q.output is not None
                else ir.StateResult()
                if produces_result
                else ir.StateInput()
            )
            variables = assigned
        try:
            new_assign = [(v, substitute(e, variables, state_input)) for v, e in p.assign]
            new_output = (
                substitute(p.output, variables, state_input) if p.output is not None else q.output
            )
        except Captured:
            return False
        assign = _merged(q.assign, new_assign) if p.next != END else ()  # nothing runs after
        _absorb(
            dataclasses.replace(q, assign=assign, output=new_output, next=p.next),
            p,
            states,
            sources,
        )
        return True

    def _result_selector(
        self,
        p: g.Pass,
        q: g.Task | g.Parallel | g.Map | g.Wait | g.Pass,
        states: dict[str, g.State],
        sources: dict[str, list[str]],
    ) -> bool:
        """JSONPath: a return of parts of a Task's result is that Task's ResultSelector /
        OutputPath, when it reads the result alone (no variable: `$` there is the result)."""
        if p.assign or p.output is None or q.output is not None:
            return False
        if not isinstance(q, g.Task | g.Parallel | g.Map):
            return False
        if (q.catch or q.retry) and may_fail(p.output):
            return False
        assigned = dict(q.assign)
        used = {v: assigned[v] for v in reads(p.output) if v in assigned}
        if not all(_reads_result_only(e) for e in used.values()):
            return False
        try:
            output = substitute(p.output, used, ir.StateResult())
        except Captured:
            return False
        if reads(output) or mentions(output, ir.StateInput):
            return False
        assign = q.assign if p.next != END else ()
        _absorb(
            dataclasses.replace(q, assign=assign, output=output, next=p.next), p, states, sources
        )
        return True

    def _fold_into_catch(
        self,
        p: g.Pass,
        q: g.Task | g.Parallel | g.Map,
        states: dict[str, g.State],
        sources: dict[str, list[str]],
    ) -> bool:
        """A handler's first assignment joins the Catch's own `Assign`, which sees the error
        output as the handler's input (`$states.errorOutput`, `$` in JSONPath)."""
        if p.output is not None or p.next == END:
            return False
        values = [e for _, e in p.assign]
        if any(may_fail(e) for e in values):
            return False
        (index,) = [i for i, rule in enumerate(q.catch) if rule.next == p.name]
        rule = q.catch[index]
        variables = dict(rule.assign)
        if self.jsonpath and not all(_is_path(e) for e in variables.values()):
            return False
        try:
            new = [(v, substitute(e, variables, ir.ErrorOutput())) for v, e in p.assign]
        except Captured:
            return False
        rules = list(q.catch)
        rules[index] = dataclasses.replace(rule, assign=_merged(rule.assign, new), next=p.next)
        _absorb(dataclasses.replace(q, catch=tuple(rules)), p, states, sources)
        return True

    def _fold_into_rule(
        self, p: g.Pass, q: g.Choice, states: dict[str, g.State], sources: dict[str, list[str]]
    ) -> bool:
        """An assignment at the start of an `if` arm joins the Assign of the Choice rule that
        leads there, evaluated only when that rule is taken, against the Choice's input (the
        arm's input: a Choice passes its input on). The Default has no Assign of its own."""
        matching = [i for i, rule in enumerate(q.rules) if rule.next == p.name]
        if len(matching) != 1 or p.output is not None or p.next == END:
            return False
        if self.jsonpath and any(mentions(e, ir.StateInput) for _, e in p.assign):
            return False  # `$` in a JSONPath rule's Assign: see _substitute_forward
        index = matching[0]
        rule = q.rules[index]
        assigned = dict(rule.assign)
        if any(reads(e) & assigned.keys() for _, e in p.assign):
            return False  # keep each entry to the values before the Choice
        rules = list(q.rules)
        rules[index] = dataclasses.replace(
            rule, assign=_merged(rule.assign, list(p.assign)), next=p.next
        )
        _absorb(dataclasses.replace(q, rules=tuple(rules)), p, states, sources)
        return True

    # -- into the state after ----------------------------------------------------------------

    def _fold_forward(
        self,
        p: g.Pass,
        states: dict[str, g.State],
        sources: dict[str, list[str]],
        *,
        entry: bool,
    ) -> str | None:
        if p.output is not None or p.next == END or p.next == p.name:
            return None
        s = states.get(p.next)
        if not isinstance(s, _ABSORBS_FORWARD) or sources.get(s.name) != [p.name]:
            return None
        if not all(_is_path(e) for _, e in p.assign):
            return None  # written once where it was assigned, not copied into every use
        if self.jsonpath and any(_is_constant(e) for _, e in p.assign):
            return None  # JSONPath takes only a path in ItemsPath, SecondsPath, OutputPath...
        bound = dict(p.assign)
        # Where `$` is not the input (JSONPath results and errors, Catches, the states of
        # branches), the execution input is still the context's Execution.Input at the
        # workflow's first state.
        anywhere = {v: _input_free(e, entry) for v, e in p.assign}
        inner_reads = set().union(*(scope_reads(i) for i in inner_scopes(s))) & bound.keys()
        if any(literal_reads(i) & bound.keys() for i in inner_scopes(s)):
            return None  # literal ASL reads the variable by name, and runs before S's Assign
        if any(anywhere[v] is None for v in inner_reads):
            return None  # the branches run before the state's Assign takes effect
        inside = {v: e for v, e in anywhere.items() if v in inner_reads and e is not None}
        # A variable only S reads, before its work, needs no Assign once S reads the value.
        late = _after_reads(s)
        unread = {
            v
            for v in bound
            if self.readers.get(v, set()) <= {s.name} and v not in late and v not in inner_reads
        }
        try:
            folded = self._substitute_forward(s, bound, anywhere, unread)
            if folded is not None and inside:
                folded = _with_inner(folded, lambda scope: _substitute_scope(scope, inside))
        except Captured:
            return None
        if folded is None:
            return None
        states[s.name] = folded
        del states[p.name]
        for source in sources[p.name]:
            if source != _ENTRY:
                states[source] = _retarget(states[source], p.name, s.name)
        sources[s.name] = sources.pop(p.name)
        return s.name

    def _substitute_forward(
        self,
        s: g.State,
        bound: dict[str, ir.Expr],
        anywhere: dict[str, ir.Expr | None],
        unread: set[str],
    ) -> g.State | None:
        anywhere = {v: e for v, e in anywhere.items() if v not in unread}
        result_root = self.jsonpath and (
            isinstance(s, g.Task | g.Parallel | g.Map)
            or (isinstance(s, g.Pass) and s.output is not None)
        )
        after = bound
        if result_root:
            if any(value is None for value in anywhere.values()):
                return None
            after = {v: e for v, e in anywhere.items() if e is not None}

        def before_sub(e: ir.Expr) -> ir.Expr:
            return substitute(e, bound, None)

        def after_sub(e: ir.Expr) -> ir.Expr:
            return substitute(e, after, None)

        folded = rewrite_fields(s, before_fields(s), before_sub)
        if self.jsonpath and isinstance(s, g.Pass) and s.output is not None:
            folded = rewrite_fields(folded, ("output",), before_sub)  # Parameters read the input
            folded = rewrite_fields(folded, ("assign",), after_sub)
        else:
            folded = rewrite_fields(folded, after_fields(s), after_sub)
        if isinstance(folded, g.Choice):
            # Assigned whichever way the Choice goes: by each rule, and with the Default. What
            # `$` means in a JSONPath rule's Assign is not pinned down (moto's engine gives the
            # rule's verdict), so JSONPath assigns the execution input from the context there.
            if self.jsonpath:
                if any(value is None for value in anywhere.values()):
                    return None
                after = {v: e for v, e in anywhere.items() if e is not None}
            after = {v: e for v, e in after.items() if v not in unread}
            taken = tuple(
                dataclasses.replace(rule, assign=_merged(tuple(after.items()), list(rule.assign)))
                for rule in folded.rules
            )
            merged = _merged(tuple(after.items()), list(folded.assign))
            return dataclasses.replace(folded, rules=taken, assign=merged)
        if not isinstance(folded, g.Flow):
            return folded  # Succeed or Fail: nothing runs after, the variables are never read
        own = {name for name, _ in folded.assign}
        new = tuple((v, after[v]) for v in bound if v not in own and v not in unread)
        folded = dataclasses.replace(folded, assign=new + folded.assign)
        catch = getattr(folded, "catch", ())
        if catch:
            if any(value is None for value in anywhere.values()):
                return None  # a handler reads the variables with `$` as the error
            caught = {v: e for v, e in anywhere.items() if e is not None}
            rules = []
            for rule in catch:
                rule_assign = tuple((n, substitute(e, caught, None)) for n, e in rule.assign)
                names = {n for n, _ in rule_assign}
                extra = tuple((v, caught[v]) for v in caught if v not in names)
                rules.append(dataclasses.replace(rule, assign=extra + rule_assign))
            assert isinstance(folded, g.Task | g.Parallel | g.Map)
            folded = dataclasses.replace(folded, catch=tuple(rules))
        return folded


def _read_input_instead(
    p: g.Pass, states: dict[str, g.State], sources: dict[str, list[str]]
) -> g.Pass:
    """A Pass kept (named) after a state that assigns its own output to a variable reads its
    input instead (`Output: $handled` -> the input passed on), so the variable may go unread."""
    ways_in = sources.get(p.name, [])
    q = states.get(ways_in[0]) if len(ways_in) == 1 else None
    if not isinstance(q, _ABSORBS_BACKWARD) or q.next != p.name:
        return p
    values = [e for _, e in p.assign] + ([p.output] if p.output is not None else [])
    wanted = set().union(*(reads(e) for e in values)) if values else set()
    if q.output is None and not any(mentions(e, ir.StateInput) for e in values):
        # Nothing reads the state's output but this Pass: let it be the value the Pass reads.
        for name, value in q.assign:
            if name in wanted:
                q = dataclasses.replace(q, output=value)
                states[q.name] = q
                break
    produced = (
        q.output
        if q.output is not None
        else ir.StateResult()
        if isinstance(q, g.Task | g.Parallel | g.Map)
        else ir.StateInput()
    )
    same: dict[str, ir.Expr] = {v: ir.StateInput() for v, e in q.assign if e == produced}
    if not same:
        return p
    folded = rewrite_fields(p, ("assign", "output"), lambda e: substitute(e, same, None))
    assert isinstance(folded, g.Pass)
    if folded.output == ir.StateInput():
        folded = dataclasses.replace(folded, output=None)  # a Pass passes its input on
    return folded


def _readers(scope: g.Scope) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for state in scope.states:
        for expr in state_exprs(state):
            for name in reads(expr):
                found.setdefault(name, set()).add(state.name)
        for inner in inner_scopes(state):
            for name, states in _readers(inner).items():
                found.setdefault(name, set()).update(states)
    return found


def _after_reads(state: g.State) -> set[str]:
    """Variables a state reads after its work (Assign, Output) or in a Catch."""
    found: set[str] = set()
    for name in after_fields(state):
        for expr in value_exprs(getattr(state, name)):
            found |= reads(expr)
    for rule in getattr(state, "catch", ()):
        for _, expr in rule.assign:
            found |= reads(expr)
    return found


def _substitute_scope(scope: g.Scope, values: dict[str, ir.Expr]) -> g.Scope:
    """Every state of a scope (inner ones too) reading `values` in place of those variables."""

    def rewrite(state: g.State) -> g.State:
        names = (*before_fields(state), *after_fields(state))
        state = rewrite_fields(state, names, lambda e: substitute(e, values, None))
        catch = getattr(state, "catch", ())
        if catch:
            assert isinstance(state, g.Task | g.Parallel | g.Map)
            state = dataclasses.replace(
                state,
                catch=tuple(
                    dataclasses.replace(
                        c, assign=tuple((n, substitute(e, values, None)) for n, e in c.assign)
                    )
                    for c in catch
                ),
            )
        return _with_inner(state, lambda inner: _substitute_scope(inner, values))

    return g.Scope(scope.start, tuple(rewrite(s) for s in scope.states), scope.comment)


def skip_empty(scope: g.Scope, explicit: frozenset[str]) -> g.Scope:
    """A Pass left with nothing to do (its assignment unread) is skipped: whatever led to it
    leads to the state after it. One that ends its scope stays (it is how the scope ends)."""
    states = [_with_inner(s, lambda inner: skip_empty(inner, explicit)) for s in scope.states]
    skip = {
        s.name: s.next
        for s in states
        if type(s) is g.Pass
        and not s.assign
        and s.output is None
        and s.comment is None
        and s.next != END
        and s.name not in explicit
    }

    def final(name: str) -> str:
        seen = set()
        while name in skip and name not in seen:
            seen.add(name)
            name = skip[name]
        return name

    if not skip:
        return _reachable(g.Scope(scope.start, tuple(states), scope.comment))
    retargeted: list[g.State] = []
    for state in states:
        for old in set(targets(state)) & skip.keys():
            new = final(old)
            if new not in skip and new != state.name:  # never a state that jumps to itself
                state = _retarget(state, old, new)
        retargeted.append(state)
    start = scope.start if final(scope.start) in skip else final(scope.start)
    referenced = {t for s in retargeted for t in targets(s)} | {start}
    return _reachable(
        g.Scope(
            start,
            tuple(s for s in retargeted if s.name not in skip or s.name in referenced),
            scope.comment,
        )
    )


def _reachable(scope: g.Scope) -> g.Scope:
    """The scope without states nothing leads to (code after a try whose every arm returns)."""
    by_name = {s.name: s for s in scope.states}
    seen = {scope.start}
    todo = [scope.start]
    while todo:
        state = by_name.get(todo.pop())
        for target in targets(state) if state is not None else ():
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return g.Scope(scope.start, tuple(s for s in scope.states if s.name in seen), scope.comment)


def _with_inner(state: g.State, fn: Any) -> g.State:
    if isinstance(state, g.Parallel):
        return dataclasses.replace(state, branches=tuple(fn(b) for b in state.branches))
    if isinstance(state, g.Map) and state.processor is not None:
        return dataclasses.replace(state, processor=fn(state.processor))
    return state


def _is_path(e: ir.Expr) -> bool:
    """A value read in place: a constant, variable, the input, the context, or a field of one."""
    while isinstance(e, ir.Field):
        e = e.obj
    return isinstance(e, ir.Const | ir.Var | ir.StateInput | ir.ContextPath | ir.ErrorOutput)


def _reads_result_only(e: ir.Expr) -> bool:
    while isinstance(e, ir.Field):
        e = e.obj
    return isinstance(e, ir.StateResult)


def _is_constant(e: ir.Expr) -> bool:
    while isinstance(e, ir.Field):
        e = e.obj
    return isinstance(e, ir.Const)


def _input_free(e: ir.Expr, entry: bool) -> ir.Expr | None:
    """The value without `$states.input`: the execution input at the workflow's entry."""
    if not mentions(e, ir.StateInput):
        return e
    return substitute(e, {}, EXECUTION_INPUT) if entry else None


def _merged(
    first: tuple[tuple[str, ir.Expr], ...], then: list[tuple[str, ir.Expr]]
) -> tuple[tuple[str, ir.Expr], ...]:
    """Two assignments as one: the later value of a variable wins, as it would have."""
    merged = dict(first)
    for name, value in then:
        merged.pop(name, None)
        merged[name] = value
    return tuple(merged.items())


def _absorb(
    folded: g.State, p: g.Pass, states: dict[str, g.State], sources: dict[str, list[str]]
) -> None:
    """`folded` (the state before `p`) now does `p`'s work and goes where `p` went."""
    states[folded.name] = folded
    del states[p.name]
    if p.next != END:
        sources[p.next] = [folded.name if s == p.name else s for s in sources[p.next]]
    del sources[p.name]


def targets(state: g.State) -> list[str]:
    found: list[str] = []
    if isinstance(state, g.Flow) and state.next != END:
        found.append(state.next)
    if isinstance(state, g.Choice):
        found.extend(rule.next for rule in state.rules)
        if state.default != END:
            found.append(state.default)
    found.extend(rule.next for rule in getattr(state, "catch", ()))
    if isinstance(state, g.Literal):
        found.extend(state.targets())
    return found


def _retarget(state: g.State, old: str, new: str) -> g.State:
    changes: dict[str, Any] = {}
    if isinstance(state, g.Flow) and state.next == old:
        changes["next"] = new
    if isinstance(state, g.Choice):
        changes["rules"] = tuple(
            dataclasses.replace(r, next=new) if r.next == old else r for r in state.rules
        )
        if state.default == old:
            changes["default"] = new
    catch = getattr(state, "catch", ())
    if catch:
        changes["catch"] = tuple(
            dataclasses.replace(c, next=new) if c.next == old else c for c in catch
        )
    return dataclasses.replace(state, **changes) if changes else state
