"""What a name in a workflow body means: a local variable, a module-level object, or nothing."""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field
from typing import Any

from flowdsl.ir.expr import ValueType

# Names Step Functions reserves for itself in both query languages.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
RESERVED_VARIABLES = frozenset({"states"})

# A workflow variable `$count` would hide JSONata's `$count()` in every expression of its scope,
# so variables named like a JSONata or Step Functions function get a trailing underscore.
# Sources: https://docs.jsonata.org/overview.html (function library) and
# https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html ($partition, ...)
JSONATA_FUNCTIONS = frozenset(
    [
        "abs",
        "append",
        "assert",
        "average",
        "base64decode",
        "base64encode",
        "boolean",
        "ceil",
        "clone",
        "contains",
        "count",
        "decodeUrl",
        "decodeUrlComponent",
        "distinct",
        "each",
        "encodeUrl",
        "encodeUrlComponent",
        "error",
        "eval",
        "exists",
        "filter",
        "floor",
        "formatBase",
        "formatInteger",
        "formatNumber",
        "fromMillis",
        "hash",
        "join",
        "keys",
        "length",
        "lookup",
        "lowercase",
        "map",
        "match",
        "max",
        "merge",
        "millis",
        "min",
        "not",
        "now",
        "number",
        "pad",
        "parse",
        "parseInteger",
        "partition",
        "power",
        "random",
        "range",
        "reduce",
        "replace",
        "reverse",
        "round",
        "shuffle",
        "sift",
        "single",
        "sort",
        "split",
        "spread",
        "sqrt",
        "string",
        "substring",
        "substringAfter",
        "substringBefore",
        "sum",
        "toMillis",
        "trim",
        "type",
        "uppercase",
        "uuid",
        "zip",
    ]
)


def _safe(name: str) -> str:
    return f"{name}_" if name in JSONATA_FUNCTIONS else name


@dataclass
class Symbols:
    """Variables visible in one layer, over the layers and module globals around it.

    A layer is either an ASL scope (the workflow, a Parallel branch, a Map iteration) or a
    *transparent* overlay for one arm of an if or except, which records only what the arm
    binds; merging an arm back costs what the arm bound, not what the workflow holds.
    """

    globals: dict[str, Any]
    variables: dict[str, ValueType] = field(default_factory=dict)
    parent: Symbols | None = None
    # Python name -> ASL variable name, for names an inner scope rebinds: ASL inner scopes do
    # not assign outer variables, so a branch works on its own copy and hands it back.
    aliases: dict[str, str] = field(default_factory=dict)
    transparent: bool = False
    # Known members of a variable holding an API result (from botocore's output shape).
    members: dict[str, frozenset[str] | None] = field(default_factory=dict)

    def _layers(self) -> Any:
        layer: Symbols | None = self
        while layer is not None:
            yield layer
            layer = layer.parent

    def scope_root(self) -> Symbols:
        layer = self
        while layer.transparent and layer.parent is not None:
            layer = layer.parent
        return layer

    def is_variable(self, name: str) -> bool:
        return any(name in layer.variables for layer in self._layers())

    def in_this_scope(self, name: str) -> bool:
        for layer in self._layers():
            if name in layer.variables:
                return True
            if not layer.transparent:
                return False
        return False

    def is_outer(self, name: str) -> bool:
        """Bound in an enclosing ASL scope, not in this one."""
        root = self.scope_root()
        return (
            root.parent is not None
            and root.parent.is_variable(name)
            and not self.in_this_scope(name)
        )

    def asl_name(self, name: str) -> str:
        for layer in self._layers():
            if name in layer.aliases:
                return _safe(layer.aliases[name])
            if name in layer.variables and not layer.transparent:
                return _safe(name)
        return _safe(name)

    def type_of(self, name: str) -> ValueType:
        for layer in self._layers():
            if name in layer.variables:
                return layer.variables[name]
        return "any"

    def bind(
        self, name: str, value_type: ValueType = "any", members: frozenset[str] | None = None
    ) -> None:
        self.variables[name] = value_type
        self.members[name] = members

    def members_of(self, name: str) -> frozenset[str] | None:
        for layer in self._layers():
            if name in layer.variables:
                return layer.members.get(name)
        return None

    def alias(self, name: str, asl_name: str) -> None:
        self.scope_root().aliases.setdefault(name, asl_name)

    def child(self) -> Symbols:
        """A new ASL scope (Parallel branch, Map iteration) inside this one."""
        return Symbols(self.globals, {}, self)

    def overlay(self) -> Symbols:
        """A transparent layer for one arm of an if/except."""
        return Symbols(self.globals, {}, self, transparent=True)

    def merge(self, *arms: Symbols) -> None:
        """After an if/else: a variable bound on any arm is visible (its type unified)."""
        for arm in arms:
            for name, value_type in arm.variables.items():
                current = self.type_of(name) if self.is_variable(name) else None
                self.variables[name] = (
                    value_type if current is None or current == value_type else "any"
                )
                self.members[name] = None  # a shape is only trusted on one path

    def lookup_global(self, name: str) -> tuple[bool, Any]:
        if name in self.globals:
            return True, self.globals[name]
        if hasattr(builtins, name):
            return True, getattr(builtins, name)
        return False, None


# Constructs whose names live in a scope of their own: functions (parallel branches),
# comprehensions (Python 3), and for loops, which become Map iterations.
_OWN_SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ClassDef,
    ast.For,
    ast.AsyncFor,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def assigned_names(stmts: list[ast.stmt]) -> set[str]:
    """Names a block assigns in its own ASL scope."""
    names: set[str] = set()
    stack: list[ast.AST] = list(stmts)
    while stack:
        node = stack.pop()
        if isinstance(node, _OWN_SCOPES):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        stack.extend(ast.iter_child_nodes(node))
    return names


_ANNOTATION_TYPES: dict[str, ValueType] = {
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "list": "array",
    "dict": "object",
}


def annotation_type(annotation: ast.expr | None) -> ValueType:
    """What a Python annotation (`str`, `list[int]`, `dict`) says of a value's JSON type."""
    if isinstance(annotation, ast.Subscript):
        annotation = annotation.value
    if isinstance(annotation, ast.Name):
        return _ANNOTATION_TYPES.get(annotation.id, "any")
    return "any"
