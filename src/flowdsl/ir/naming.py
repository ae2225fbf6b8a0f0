"""The naming pass: provisional state ids -> final ASL state names, unique in the workflow.

Names come from `# state: Name` comments or from the source (calls by their callee, other
statements by their text). Clashes of derived names get " 2", " 3" in source order, so adding
a step elsewhere never renames a state; two explicit names that clash are an error.
ASL limit: state names are at most 80 characters.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from flowdsl.errors import CompileError, Diagnostic, SourceLocation
from flowdsl.ir import graph as g

MAX_STATE_NAME = 80


class NameRequestLike(Protocol):
    desired: str
    explicit: bool
    loc: SourceLocation
    order: tuple[int, int, int]


def _scope_states(scope: g.Scope) -> list[g.State]:
    found: list[g.State] = []
    for state in scope.states:
        found.append(state)
        if isinstance(state, g.Parallel):
            for branch in state.branches:
                found.extend(_scope_states(branch))
        elif isinstance(state, g.Map) and state.processor is not None:
            found.extend(_scope_states(state.processor))
    return found


def assign_names(graph: g.WorkflowGraph, requests: dict[str, Any]) -> g.WorkflowGraph:
    ids = [s.name for s in _scope_states(graph.body)]
    ordered = sorted(
        ids, key=lambda i: (not requests[i].explicit, requests[i].order, int(i.lstrip("#")))
    )
    final: dict[str, str] = {}
    taken: dict[str, str] = {}
    next_suffix: dict[str, int] = {}  # per base name, so 10,000 clashes stay linear
    problems: list[Diagnostic] = []
    for state_id in ordered:
        request = requests[state_id]
        name = request.desired
        if request.explicit:
            if not name or len(name) > MAX_STATE_NAME:
                problems.append(
                    Diagnostic(
                        "FD190",
                        f"state name {name!r} must be 1 to {MAX_STATE_NAME} characters",
                        request.loc,
                    )
                )
            elif name in taken:
                problems.append(
                    Diagnostic(
                        "FD191",
                        f"state name {name!r} is used twice",
                        request.loc,
                        f"the other is at {requests[taken[name]].loc}; state names are unique "
                        "in a workflow",
                    )
                )
        else:
            base = name
            counter = next_suffix.get(base, 2)
            while name in taken:
                name = f"{base} {counter}"
                counter += 1
            next_suffix[base] = counter
        taken[name] = state_id
        final[state_id] = name
    if problems:
        raise CompileError(problems)
    order = {state_id: requests[state_id].order for state_id in ids}
    return replace(graph, body=_rename_scope(graph.body, final, order))


def _rename_scope(
    scope: g.Scope, names: dict[str, str], order: dict[str, tuple[int, int, int]]
) -> g.Scope:
    def ref(target: str) -> str:
        return names.get(target, target)

    # Source order reads best in review.
    ordered = sorted(scope.states, key=lambda s: (order[s.name], int(s.name.lstrip("#"))))
    states: list[g.State] = []
    for state in ordered:
        changes: dict[str, Any] = {"name": names[state.name]}
        if isinstance(state, g.Flow):
            changes["next"] = ref(state.next)
        if isinstance(state, g.Choice):
            changes["rules"] = tuple(replace(r, next=ref(r.next)) for r in state.rules)
            changes["default"] = ref(state.default)
        if isinstance(state, g.Task | g.Parallel | g.Map):
            changes["catch"] = tuple(replace(c, next=ref(c.next)) for c in state.catch)
        if isinstance(state, g.Parallel):
            changes["branches"] = tuple(_rename_scope(b, names, order) for b in state.branches)
        if isinstance(state, g.Map) and state.processor is not None:
            changes["processor"] = _rename_scope(state.processor, names, order)
        states.append(replace(state, **changes))
    return g.Scope(ref(scope.start), tuple(states), scope.comment)
