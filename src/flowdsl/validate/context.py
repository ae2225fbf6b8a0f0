"""What every check sees: the document split into scopes and states, and the problem sink.

The walk tolerates any shape (shape problems are reported separately by the models), so a check
never crashes on a document that is only partly valid: non-object states are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from flowdsl.validate.problem import Part, Problem, pointer, state_of

# Scopes (Parallel branches, Map processors) nested deeper than this are not walked: the models'
# validator stops near 250 levels anyway, and walking pathological input must stay cheap.
MAX_SCOPE_DEPTH = 100
JSONATA = "JSONata"
JSONPATH = "JSONPath"


@dataclass(slots=True)
class Scope:
    """One States object: the top level, a Parallel branch, or a Map's item processor."""

    parts: tuple[Part, ...]  # path of the object that holds StartAt and States
    kind: str  # "top" | "branch" | "inline" | "distributed"
    start_at: Any
    states: dict[str, Any]
    parent: Scope | None


@dataclass(slots=True)
class StateRef:
    """One state: its name, where it is, its body, its scope and its effective query language."""

    name: str
    parts: tuple[Part, ...]
    body: dict[str, Any]
    scope: Scope
    language: str


@dataclass(slots=True)
class Context:
    """The document under validation, its scopes and states, and the problems found so far."""

    doc: dict[str, Any]
    workflow_type: str
    language: str
    scopes: list[Scope] = field(default_factory=list)
    states: list[StateRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # (variable name, where it is read, scope of the reading state), filled by check_expressions
    references: list[tuple[str, tuple[Part, ...], Scope]] = field(default_factory=list)
    too_deep: bool = False

    def add(
        self, code: str, parts: tuple[Part, ...], message: str, hint: str | None = None
    ) -> None:
        """Record a problem at `parts` (a path into the document)."""
        self.problems.append(Problem(code, pointer(parts), state_of(parts), message, hint))


def build(doc: dict[str, Any], workflow_type: str) -> Context:
    """Index the document's scopes and states."""
    top_language = doc.get("QueryLanguage")
    language = JSONATA if top_language == JSONATA else JSONPATH
    ctx = Context(doc, workflow_type, language)
    _scope(ctx, doc, (), "top", None, 0)
    return ctx


def _scope(
    ctx: Context, holder: Any, parts: tuple[Part, ...], kind: str, parent: Scope | None, depth: int
) -> None:
    if not isinstance(holder, dict):
        return
    if depth > MAX_SCOPE_DEPTH:
        ctx.too_deep = True
        return
    states = holder.get("States")
    if not isinstance(states, dict):
        states = {}
    scope = Scope(parts, kind, holder.get("StartAt"), states, parent)
    ctx.scopes.append(scope)
    for name, body in states.items():
        if not isinstance(body, dict):
            continue
        state_parts = (*parts, "States", name)
        own = body.get("QueryLanguage")
        # A state's own QueryLanguage overrides the state machine's; nested states inherit the
        # state machine's, not their parent state's (statemachine-structure.html).
        language = own if own in (JSONATA, JSONPATH) else ctx.language
        ctx.states.append(StateRef(name, state_parts, body, scope, language))
        kind_of = body.get("Type")
        if kind_of == "Parallel" and isinstance(body.get("Branches"), list):
            for i, branch in enumerate(body["Branches"]):
                _scope(ctx, branch, (*state_parts, "Branches", i), "branch", scope, depth + 1)
        elif kind_of == "Map":
            for key in ("ItemProcessor", "Iterator"):
                processor = body.get(key)
                if isinstance(processor, dict):
                    config = processor.get("ProcessorConfig")
                    mode = config.get("Mode") if isinstance(config, dict) else None
                    sub = "distributed" if mode == "DISTRIBUTED" else "inline"
                    _scope(ctx, processor, (*state_parts, key), sub, scope, depth + 1)


def items(value: Any, parts: tuple[Part, ...]) -> Iterator[tuple[tuple[Part, ...], Any]]:
    """Every (path, value) inside a JSON value, the value itself included (depth first)."""
    stack = [(parts, value)]
    while stack:
        here, node = stack.pop()
        yield here, node
        if isinstance(node, dict):
            stack.extend(((*here, k), v) for k, v in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend(((*here, i), v) for i, v in reversed(list(enumerate(node))))


def as_dict(value: Any) -> dict[str, Any]:
    """`value` if it is an object, else an empty one (checks skip what the schema rejects)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` if it is an array, else an empty one."""
    return value if isinstance(value, list) else []
