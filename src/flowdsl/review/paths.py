"""The ways through a definition, and what each costs: states entered and transitions made.

Step Functions bills a Standard workflow per state transition, each state entered being one
(https://aws.amazon.com/step-functions/pricing/), so a reviewer wants to see how many states
each path through the workflow enters. A path follows one Choice rule (or the Default) at each
Choice, and a Catch where a state fails; a loop is followed once around and marked. Inside a
Parallel every branch runs, each along its costliest path; a Map counts one iteration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_PATHS = 64  # listed on a review page; the walk stops there, so it stays linear in size


@dataclass(frozen=True)
class Path:
    """One way from the start to an end: the scope's states in order and what it costs."""

    states: tuple[str, ...]
    entered: int  # states entered: Parallel branches and one Map iteration included
    transitions: int  # moves from one state to another (a branch or iteration starts by itself)
    loops_to: str | None = None  # the earlier state a loop goes back to, where it does
    caught: tuple[int, ...] = ()  # the positions in `states` entered through a Catch


def paths(scope: dict[str, Any], limit: int = MAX_PATHS) -> tuple[list[Path], bool]:
    """The paths through a scope (a definition, a branch or a processor) in the order its
    rules are written, at most `limit` of them, and whether there are more."""
    states: dict[str, Any] = scope.get("States", {})
    found: list[Path] = []
    walked: list[str] = []  # the path being walked (a depth-first walk that backtracks)
    on_path: set[str] = set()
    costs: list[tuple[int, int]] = []  # (entered, transitions) after each walked state
    todo: list[list[tuple[str, bool]]] = []  # per walked state, successors still to walk
    caught: list[int] = []
    inner: dict[str, tuple[int, int]] = {}

    def path(loops_to: str | None = None) -> Path:
        entered, moves = costs[-1]
        back = 1 if loops_to is not None else 0  # the move back to the loop's start
        return Path(tuple(walked), entered, moves + back, loops_to, tuple(caught))

    def enter(name: str, through_catch: bool = False) -> None:
        if through_catch:
            caught.append(len(walked))
        state = states[name]
        if name not in inner:
            inner[name] = _inner_cost(state, limit)
        entered, moves = costs[-1] if costs else (0, -1)
        costs.append((entered + 1 + inner[name][0], moves + 1 + inner[name][1]))
        walked.append(name)
        on_path.add(name)
        todo.append(_successors(state)[::-1])

    start = scope.get("StartAt", "")
    if start in states:
        enter(start)
    while todo:
        if len(found) >= limit:
            return found, True
        if not todo[-1]:
            todo.pop()
            on_path.discard(walked.pop())
            costs.pop()
            if caught and caught[-1] == len(walked):
                caught.pop()
            continue
        target, through_catch = todo[-1].pop()
        if target == _END:
            found.append(path())
        elif target in on_path:
            found.append(path(loops_to=target))
        elif target in states:
            enter(target, through_catch)
    return found, False


_END = ""  # a state name is never empty


def _successors(state: dict[str, Any]) -> list[tuple[str, bool]]:
    """Where a state goes: its Choice rules and Default, or Next (or the end); then its
    Catches."""
    following: list[str] = []
    if state.get("Type") == "Choice":
        following = [rule["Next"] for rule in state.get("Choices", []) if "Next" in rule]
        if "Default" in state:
            following.append(state["Default"])
    elif isinstance(state.get("Next"), str):
        following = [state["Next"]]
    else:
        following = [_END]  # End, Succeed or Fail
    catches = [c["Next"] for c in state.get("Catch", []) if isinstance(c.get("Next"), str)]
    return [(name, False) for name in following] + [(name, True) for name in catches]


def _inner_cost(state: dict[str, Any], limit: int) -> tuple[int, int]:
    """States entered and transitions made inside a Parallel (every branch) or a Map (one
    iteration), each along its costliest path."""
    scopes: list[dict[str, Any]] = []
    if state.get("Type") == "Parallel":
        scopes = list(state.get("Branches", []))
    elif state.get("Type") == "Map":
        processor = state.get("ItemProcessor") or state.get("Iterator")
        scopes = [processor] if isinstance(processor, dict) else []
    entered = moves = 0
    for scope in scopes:
        found, _ = paths(scope, limit)
        if found:
            costliest = max(found, key=lambda p: (p.entered, p.transitions))
            entered += costliest.entered
            moves += costliest.transitions
    return entered, moves
