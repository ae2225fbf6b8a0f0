"""States of the IR: a graph per scope (top level, Parallel branch, Map processor)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowdsl.errors import Diagnostic, SourceLocation
from flowdsl.ir.expr import Expr

if TYPE_CHECKING:
    from flowdsl.dsl.resources import StackBinding

END = "<end>"  # the `next` of a state that ends its scope


# JSONPath only (ir/state_data.py): where a Task's result or a Catch's error lands in the
# state's input, as ASL's ResultPath. None: it replaces the input (ASL's default, `$`); ():
# the input is kept and the result left out (`null`); ("k",): `$.k`.
ResultPath = tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class RetryRule:
    errors: tuple[str, ...]
    interval_seconds: int | None = None
    max_attempts: int | None = None
    backoff_rate: float | None = None
    max_delay_seconds: int | None = None
    jitter_strategy: str | None = None


@dataclass(frozen=True, slots=True)
class CatchRule:
    errors: tuple[str, ...]
    next: str
    assign: tuple[tuple[str, Expr], ...] = ()
    result_path: ResultPath = None  # JSONPath: where the error lands (ir/state_data.py)


@dataclass(frozen=True, slots=True)
class State:
    """Fields every state has. `name` is final after the naming pass."""

    name: str
    loc: SourceLocation
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Flow(State):
    """A state that moves on: `next` is a state name or END."""

    next: str = END
    assign: tuple[tuple[str, Expr], ...] = ()
    output: Expr | None = None


# Arguments are JSON-shaped values whose leaves may be expressions.
Value = Any


@dataclass(frozen=True, slots=True)
class Task(Flow):
    resource: str = ""
    arguments: Value = None
    retry: tuple[RetryRule, ...] = ()
    catch: tuple[CatchRule, ...] = ()
    timeout_seconds: int | Expr | None = None
    heartbeat_seconds: int | Expr | None = None
    result_path: ResultPath = None


@dataclass(frozen=True, slots=True)
class Pass(Flow):
    pass


@dataclass(frozen=True, slots=True)
class Wait(Flow):
    seconds: int | float | Expr | None = None
    timestamp: str | Expr | None = None


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    condition: Expr
    next: str
    loc: SourceLocation
    # The condition as the Python source wrote it (`stock["ItemStock"] > 0`), emitted as the
    # rule's Comment so the review picture labels the edge with it, not with the JSONata.
    source: str | None = None
    assign: tuple[tuple[str, Expr], ...] = ()  # applied when this rule is the one taken


@dataclass(frozen=True, slots=True)
class Choice(State):
    rules: tuple[ChoiceRule, ...] = ()
    default: str = END
    assign: tuple[tuple[str, Expr], ...] = ()


@dataclass(frozen=True, slots=True)
class Scope:
    """A graph of states: the workflow, one Parallel branch, or one Map processor."""

    start: str
    states: tuple[State, ...]
    # A Parallel branch: the branch function's name, emitted as the branch's Comment.
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class Parallel(Flow):
    branches: tuple[Scope, ...] = ()
    arguments: Value = None
    retry: tuple[RetryRule, ...] = ()
    catch: tuple[CatchRule, ...] = ()


@dataclass(frozen=True, slots=True)
class Map(Flow):
    items: Expr | None = None
    item_selector: Value = None
    processor: Scope | None = None
    max_concurrency: int | None = None
    retry: tuple[RetryRule, ...] = ()
    catch: tuple[CatchRule, ...] = ()
    distributed: Distributed | None = None


@dataclass(frozen=True, slots=True)
class Distributed:
    """What makes a Map distributed: child executions, and where items come from and go.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
    """

    execution_type: str = "STANDARD"
    item_reader: Value = None  # {"Resource": ..., "ReaderConfig"?: ..., "Arguments": {...}}
    batch_size: int | None = None
    batch_input: Value = None
    result_writer: Value = None
    tolerated_failure_percentage: float | None = None
    tolerated_failure_count: int | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Succeed(State):
    output: Expr | None = None


@dataclass(frozen=True, slots=True)
class Fail(State):
    error: str | Expr | None = None
    cause: str | Expr | None = None


@dataclass(frozen=True, slots=True)
class Literal(State):
    """A state written as literal ASL (`asl_states`, `asl_state`): emitted as written, its
    `Type` included. It lives in the one-branch Parallel that the form lowers to, so its
    `Next`/`End` are its own; `reads` are the workflow variables its text mentions."""

    body: Any = None
    reads: frozenset[str] = frozenset()

    def targets(self) -> list[str]:
        """The states this one can go to: Next, a Choice's rules and Default, Catch."""
        body = self.body if isinstance(self.body, dict) else {}
        found = [body["Next"]] if isinstance(body.get("Next"), str) else []
        rules = [*(body.get("Choices") or []), *(body.get("Catch") or [])]
        found.extend(
            r["Next"] for r in rules if isinstance(r, dict) and isinstance(r.get("Next"), str)
        )
        if isinstance(body.get("Default"), str):
            found.append(body["Default"])
        return found


@dataclass(frozen=True, slots=True)
class WorkflowGraph:
    """A compiled workflow: its options and top-level scope."""

    name: str
    comment: str | None
    query_language: str
    type: str
    timeout_seconds: int | None
    body: Scope
    loc: SourceLocation
    resources: tuple[tuple[str, str], ...] = ()  # (placeholder, value template), sorted
    # (placeholder, binding) for resources declared with ref=, sorted; see dsl/resources.py.
    bindings: tuple[tuple[str, StackBinding], ...] = ()
    # Differences from Python seen in the source (frontend/differences.py), in source order.
    warnings: tuple[Diagnostic, ...] = ()
