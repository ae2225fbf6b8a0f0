"""What a name in a workflow body means: a local variable, a module-level object, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowdsl.ir.expr import ValueType

# Names Step Functions reserves or that JSONata treats specially.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
RESERVED_VARIABLES = frozenset({"states"})


@dataclass
class Symbols:
    """Variables visible in one scope (with what is known of their type) over module globals."""

    globals: dict[str, Any]
    variables: dict[str, ValueType] = field(default_factory=dict)
    parent: Symbols | None = None
    # Python name -> ASL variable name, for names an inner scope rebinds: ASL inner scopes do
    # not assign outer variables, so a branch works on its own copy and hands it back.
    aliases: dict[str, str] = field(default_factory=dict)

    def asl_name(self, name: str) -> str:
        if name in self.aliases:
            return self.aliases[name]
        if name in self.variables or self.parent is None:
            return name
        return self.parent.asl_name(name)

    def is_outer(self, name: str) -> bool:
        """Bound in an enclosing scope (not this one)."""
        return self.parent is not None and self.parent.is_variable(name)

    def is_variable(self, name: str) -> bool:
        return name in self.variables or (self.parent is not None and self.parent.is_variable(name))

    def type_of(self, name: str) -> ValueType:
        if name in self.variables:
            return self.variables[name]
        return self.parent.type_of(name) if self.parent else "any"

    def bind(self, name: str, value_type: ValueType = "any") -> None:
        self.variables[name] = value_type

    def child(self) -> Symbols:
        return Symbols(self.globals, {}, self)

    def copy(self) -> Symbols:
        return Symbols(self.globals, dict(self.variables), self.parent, dict(self.aliases))

    def merge(self, *others: Symbols) -> None:
        """After an if/else: a variable bound on any path is visible (its type unified)."""
        for other in others:
            for name, value_type in other.variables.items():
                current = self.variables.get(name)
                self.variables[name] = (
                    value_type if current is None or current == value_type else "any"
                )

    def lookup_global(self, name: str) -> tuple[bool, Any]:
        if name in self.globals:
            return True, self.globals[name]
        import builtins

        if hasattr(builtins, name):
            return True, getattr(builtins, name)
        return False, None
