"""Variable checks: names that Assign may use, and references to variables not assigned in scope.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
- `$states` is reserved; variable names follow Unicode identifier rules and are at most 80
  characters.
- A Parallel branch or inline Map iteration can read the variables of the scopes around it; a
  Distributed Map's child workflow cannot read outer variables.
- Outer scopes cannot read variables assigned inside a branch or iteration.

A variable that no state assigns anywhere is not a problem of the definition: AWS creates such a
state machine and fails the execution when the reference is evaluated (LocalStack's
AWS-validated test_undefined_reference records this for Output, Assign and Arguments), so only
a variable assigned in some scope but read where that scope is not visible is reported.
"""

from __future__ import annotations

from flowdsl.validate.context import Context, Scope, as_dict, as_list
from flowdsl.validate.problem import Part

MAX_VARIABLE_NAME = 80
RESERVED = frozenset({"states"})


def check(ctx: Context) -> None:
    """Check every Assign, then every recorded variable reference against its scope."""
    assigned: dict[int, set[str]] = {id(scope): set() for scope in ctx.scopes}
    for ref in ctx.states:
        body = ref.body
        places: list[tuple[tuple[Part, ...], object]] = []
        if "Assign" in body:
            places.append(((*ref.parts, "Assign"), body["Assign"]))
        for field in ("Catch", "Choices"):
            for i, entry in enumerate(as_list(body.get(field))):
                if isinstance(entry, dict) and "Assign" in entry:
                    places.append(((*ref.parts, field, i, "Assign"), entry["Assign"]))
        names = assigned[id(ref.scope)]
        for parts, assign in places:
            for key in as_dict(assign):
                name = key[:-2] if key.endswith(".$") else key
                _check_name(ctx, (*parts, key), name)
                names.add(name)
    seen: set[tuple[str, int]] = set()
    anywhere = set().union(*assigned.values())
    for name, parts, scope in ctx.references:
        if (name, id(scope)) in seen or name not in anywhere:
            continue
        if _visible(name, scope, assigned):
            seen.add((name, id(scope)))
        else:
            ctx.add(
                "ASL606",
                parts,
                f"variable ${name} is not assigned by any state in this scope or an enclosing one",
                _hint(name, scope),
            )


def _check_name(ctx: Context, parts: tuple[Part, ...], name: str) -> None:
    if name in RESERVED:
        ctx.add("ASL607", parts, f"${name} is reserved by Step Functions and cannot be assigned")
    elif not name.isidentifier() or len(name) > MAX_VARIABLE_NAME:
        ctx.add(
            "ASL607",
            parts,
            f"{name!r} is not a valid variable name (a letter or '_' then letters, digits or '_', at most 80)",
        )


def _visible(name: str, scope: Scope | None, assigned: dict[int, set[str]]) -> bool:
    while scope is not None:
        if name in assigned.get(id(scope), ()):
            return True
        if scope.kind == "distributed":
            return False  # a Distributed Map's child workflow cannot read outer variables
        scope = scope.parent
    return False


def _hint(name: str, scope: Scope) -> str | None:
    if scope.kind == "distributed":
        return "a Distributed Map's child workflow cannot read outer variables; pass the value through ItemSelector"
    return f'assign it first, for example "Assign": {{"{name}": ...}}'
