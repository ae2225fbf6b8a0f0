"""Graph checks: StartAt and transition targets exist in their scope, reachability, termination.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html and the
ASL specification (https://states-language.net/spec.html): transitions stay inside their States
object, so a branch or item processor cannot be entered or left by Next.
"""

from __future__ import annotations

from flowdsl.validate.context import Context, Scope, as_dict, as_list
from flowdsl.validate.problem import Part


def check(ctx: Context) -> None:
    """Run the graph checks on every scope, then the machine-wide name check."""
    names_anywhere: dict[str, list[tuple[Part, ...]]] = {}
    for ref in ctx.states:
        names_anywhere.setdefault(ref.name, []).append(ref.parts)
    for scope in ctx.scopes:
        _check_scope(ctx, scope, names_anywhere)
    for name, places in names_anywhere.items():
        for parts in places[1:]:
            ctx.add(
                "ASL204",
                parts,
                f"state name {name!r} is already used at {'/'.join(map(str, places[0]))}",
                "state names must be unique in the whole state machine, branches included",
            )


def _transitions(body: dict[str, object]) -> list[tuple[tuple[Part, ...], object]]:
    """Every (path within the state, target) a state transitions to."""
    out: list[tuple[tuple[Part, ...], object]] = []
    if "Next" in body:
        out.append((("Next",), body["Next"]))
    if "Default" in body:
        out.append((("Default",), body["Default"]))
    for field in ("Choices", "Catch"):
        if field in body:
            for i, entry in enumerate(as_list(body[field])):
                if isinstance(entry, dict) and "Next" in entry:
                    out.append(((field, i, "Next"), entry["Next"]))
    return out


def _check_scope(
    ctx: Context, scope: Scope, names_anywhere: dict[str, list[tuple[Part, ...]]]
) -> None:
    states = scope.states
    if not states:
        return  # an empty or missing States object is a shape problem
    if isinstance(scope.start_at, str) and scope.start_at not in states:
        ctx.add(
            "ASL200",
            (*scope.parts, "StartAt"),
            f"StartAt names {scope.start_at!r}, which is not a state here",
            _did_you_mean(scope.start_at, states),
        )
    edges = {name: _transitions(as_dict(body)) for name, body in states.items()}
    for name in states:
        for suffix, target in edges[name]:
            if isinstance(target, str) and target not in states:
                parts = (*scope.parts, "States", name, *suffix)
                hint = _did_you_mean(target, states)
                if target in names_anywhere:
                    hint = (
                        f"{target!r} is in another scope; a transition cannot enter or leave a "
                        "Parallel branch or a Map's item processor"
                    )
                ctx.add(
                    "ASL201",
                    parts,
                    f"transition target {target!r} is not a state in this scope",
                    hint,
                )
    reached = _reachable(scope, edges)
    if reached is not None:
        for name in states:
            if name not in reached and isinstance(states[name], dict):
                ctx.add(
                    "ASL202",
                    (*scope.parts, "States", name),
                    f"state {name!r} cannot be reached from StartAt",
                )
    if not any(_is_terminal(body) for body in states.values()):
        ctx.add(
            "ASL203",
            (*scope.parts, "States"),
            'no state here ends the workflow (no Succeed, Fail or "End": true)',
        )


def _reachable(
    scope: Scope, edges: dict[str, list[tuple[tuple[Part, ...], object]]]
) -> set[str] | None:
    start = scope.start_at
    if not isinstance(start, str) or start not in scope.states:
        return None
    seen = {start}
    todo = [start]
    while todo:
        name = todo.pop()
        for _, target in edges[name]:
            if isinstance(target, str) and target in scope.states and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _is_terminal(body: object) -> bool:
    body = as_dict(body)
    return body.get("Type") in ("Succeed", "Fail") or body.get("End") is True


def _did_you_mean(name: str, states: dict[str, object]) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, list(states), n=1)
    return f"did you mean {close[0]!r}?" if close else None
