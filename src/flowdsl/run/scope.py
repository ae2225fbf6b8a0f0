"""Workflow variables and their scopes.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
- The top-level states share one scope. Each Parallel branch and each Map iteration runs in an
  inner scope that reads the variables of the scopes around it; what it assigns stays inside it
  (only Output carries data out of a branch or iteration).
- A Distributed Map's child workflow cannot read the outer scopes.
- An inner scope may not assign a variable that an outer scope holds. AWS rejects this when it
  validates the definition; the runner, which gets definitions that skipped validation, fails the
  execution with States.Runtime instead (moto/LocalStack do the same at run time).
- All expressions of one Assign read the values from before the state ran; the new values are
  bound together afterwards ("simultaneous" assignment).
"""

from __future__ import annotations

from typing import Any

from flowdsl.run.errors import RuntimeFailure


class Scope:
    """One variable scope: its own bindings and, unless isolated, a parent to read from."""

    __slots__ = ("parent", "values")

    def __init__(self, parent: Scope | None = None) -> None:
        self.parent = parent
        self.values: dict[str, Any] = {}

    def child(self, *, isolated: bool = False) -> Scope:
        return Scope(None if isolated else self)

    def has(self, name: str) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.values:
                return True
            scope = scope.parent
        return False

    def get(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.values:
                return scope.values[name]
            scope = scope.parent
        raise KeyError(name)

    def visible(self) -> dict[str, Any]:
        """Every variable this scope can read, inner bindings shadowing none (names are unique)."""
        chain: list[Scope] = []
        scope: Scope | None = self
        while scope is not None:
            chain.append(scope)
            scope = scope.parent
        merged: dict[str, Any] = {}
        for each in reversed(chain):
            merged.update(each.values)
        return merged

    def assign(self, bindings: dict[str, Any], state: str) -> None:
        """Bind all new values at once (they were all computed from the old values)."""
        outer = self.parent
        for name in bindings:
            if outer is not None and outer.has(name):
                raise RuntimeFailure(
                    f"State {state!r} cannot assign variable {name!r}: it belongs to an outer "
                    "scope, and a Parallel branch or Map iteration may only read outer variables"
                )
        self.values.update(bindings)
