"""A state graph as structured Python: Choice -> if/elif/else, loops -> `while True`, Catch ->
try/except/else, where each construct ends at the point all of its paths meet again.

The meeting point of a Choice (or a state with Catch) is its immediate post-dominator: the first
state every path from it must pass on the way to the end. A state that is the target of a back
edge heads a loop; leaving the loop is `break`, going round again `continue`. Every state is
written exactly once; a graph that would need a state twice is not structured enough for
Python and is reported as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flowdsl.importer.problems import Unsupported

EXIT = "\x00exit"  # the end of the scope: every terminal state's successor


@dataclass(frozen=True)
class Loop:
    header: str
    exit: str  # the state after the loop, or EXIT when the loop is left only by return/raise
    body: frozenset[str]


@dataclass
class Graph:
    """The states of one scope (the workflow, a Parallel branch or a Map's processor)."""

    states: dict[str, dict[str, Any]]
    start: str
    successors: dict[str, list[str]] = field(init=False)
    ipdom: dict[str, str] = field(init=False)
    meet: dict[str, str] = field(init=False)
    predecessors: dict[str, set[str]] = field(init=False)
    loops: dict[str, Loop] = field(init=False)

    def __post_init__(self) -> None:
        if self.start not in self.states:
            raise Unsupported(f"StartAt {self.start!r} names no state")
        self.successors = {name: list(_targets(name, s)) for name, s in self.states.items()}
        for name, targets in self.successors.items():
            for target in targets:
                if target != EXIT and target not in self.states:
                    raise Unsupported(f"state {name!r} goes to {target!r}, which does not exist")
        self.predecessors = {n: set() for n in self.states}
        for node, targets in self.successors.items():
            for target in targets:
                if target != EXIT:
                    self.predecessors[target].add(node)
        self.ipdom = _immediate_post_dominators(self.successors)
        for node in self.successors:
            if node not in self.ipdom:
                raise Unsupported(f"state {node!r} can never reach an end (an endless loop)")
        # Paths that end in a Fail state raise: they need not meet the others, so where the
        # rest meet is found with the Fail states cut off from the end.
        succeeding = {
            n: []
            if self.states[n].get("Type") == "Fail"
            else _without_no_match(self.states[n], targets)
            for n, targets in self.successors.items()
        }
        self.meet = _immediate_post_dominators(succeeding)
        self.loops = self._find_loops()

    def _find_loops(self) -> dict[str, Loop]:
        back_edges: dict[str, set[str]] = {}
        on_stack: set[str] = set()
        done: set[str] = set()
        # Iterative depth-first search (a definition can have thousands of states).
        stack: list[tuple[str, Iterable[str]]] = [(self.start, iter(self.successors[self.start]))]
        on_stack.add(self.start)
        while stack:
            node, pending = stack[-1]
            nxt = next(iter(pending), None)
            if nxt is None:
                stack.pop()
                on_stack.discard(node)
                done.add(node)
                continue
            if nxt == EXIT or nxt in done:
                continue
            if nxt in on_stack:
                back_edges.setdefault(nxt, set()).add(node)
                continue
            on_stack.add(nxt)
            stack.append((nxt, iter(self.successors[nxt])))
        loops: dict[str, Loop] = {}
        predecessors = self.predecessors
        for header, sources in back_edges.items():
            body = {header}
            work = [s for s in sources if s != header]
            body.update(work)
            while work:
                node = work.pop()
                for before in predecessors[node]:
                    if before not in body:
                        body.add(before)
                        work.append(before)
            loops[header] = Loop(header, self._loop_exit(header, body), frozenset(body))
        return loops

    def _loop_exit(self, header: str, body: set[str]) -> str:
        exits = sorted({t for n in body for t in self.successors[n] if t not in body and t != EXIT})
        going_on = [t for t in exits if not _ends_at_once(self.states[t])]
        if len(going_on) == 1:
            return going_on[0]
        candidate = self.ipdom.get(header, EXIT)
        return candidate if candidate not in body else EXIT

    def join(self, name: str, loop: Loop | None) -> str | None:
        """Where the paths leaving `name` meet again, inside the current loop; None if never."""
        meet = self.meet.get(name, self.ipdom.get(name, EXIT))
        if meet == EXIT:
            return None
        if loop is not None and meet not in loop.body:
            return None  # the paths meet after the loop: each branch ends in break/continue
        return meet


def _targets(name: str, state: dict[str, Any]) -> Iterable[str]:
    kind = state.get("Type")
    if kind == "Choice":
        for rule in state.get("Choices") or []:
            if isinstance(rule, dict) and isinstance(rule.get("Next"), str):
                yield rule["Next"]
        default = state.get("Default")
        # Without Default, no match fails the execution (States.NoChoiceMatched): an end.
        yield default if isinstance(default, str) else EXIT
    elif kind in ("Succeed", "Fail") or state.get("End") is True:
        yield EXIT
    elif isinstance(state.get("Next"), str):
        yield state["Next"]
    else:
        raise Unsupported(f"state {name!r} has neither Next nor End")
    for catcher in state.get("Catch") or []:
        if isinstance(catcher, dict) and isinstance(catcher.get("Next"), str):
            yield catcher["Next"]


def _without_no_match(state: dict[str, Any], targets: list[str]) -> list[str]:
    """A Choice without Default fails when nothing matches: that way out is no way to the end."""
    if state.get("Type") == "Choice" and not isinstance(state.get("Default"), str):
        return [t for t in targets if t != EXIT]
    return targets


def _ends_at_once(state: dict[str, Any]) -> bool:
    return state.get("Type") in ("Succeed", "Fail")


def _immediate_post_dominators(successors: dict[str, list[str]]) -> dict[str, str]:
    """Iterative data-flow post-dominators (Cooper-Harvey-Kennedy on the reversed graph)."""
    nodes = [*successors, EXIT]
    # Reverse post-order of the reversed graph, from EXIT.
    predecessors: dict[str, list[str]] = {n: [] for n in nodes}
    for node, targets in successors.items():
        for target in targets:
            predecessors[target].append(node)
    order: list[str] = []
    seen = {EXIT}
    stack: list[tuple[str, Iterable[str]]] = [(EXIT, iter(predecessors[EXIT]))]
    while stack:
        node, pending = stack[-1]
        nxt = next(iter(pending), None)
        if nxt is None:
            stack.pop()
            order.append(node)
            continue
        if nxt not in seen:
            seen.add(nxt)
            stack.append((nxt, iter(predecessors[nxt])))
    order.reverse()
    index = {n: i for i, n in enumerate(order)}
    ipdom: dict[str, str] = {EXIT: EXIT}

    def intersect(a: str, b: str) -> str:
        while a != b:
            while index[a] > index[b]:
                a = ipdom[a]
            while index[b] > index[a]:
                b = ipdom[b]
        return a

    changed = True
    while changed:
        changed = False
        for node in order[1:]:
            candidates = [s for s in successors.get(node, []) if s in ipdom]
            if not candidates:
                continue
            new = candidates[0]
            for other in candidates[1:]:
                new = intersect(other, new)
            if ipdom.get(node) != new:
                ipdom[node] = new
                changed = True
    return ipdom
