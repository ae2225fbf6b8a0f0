"""The interpreter's core: walks states, keeps the simulated clock, context object and trace.

State types are handled in `flowdsl.run.states`; data flow per query language in
`flowdsl.run.dataflow`; Retry and Catch in `flowdsl.run.recovery`.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flowdsl.run.bounds import (
    LAST_INSTANT,
    MAX_EXPRESSION_STEPS,
    MAX_TRANSITIONS,
    BoundExceeded,
)
from flowdsl.run.dataflow import Dataflow
from flowdsl.run.errors import (
    DefinitionError,
    MockError,
    RuntimeFailure,
    StatesError,
    check_size,
)
from flowdsl.run.execution import FAILED, SUCCEEDED, Execution
from flowdsl.run.intrinsics import Intrinsics
from flowdsl.run.jsonata_eval import Jsonata
from flowdsl.run.map_run import ChildExecution
from flowdsl.run.mocks import Call, Mock
from flowdsl.run.scope import Scope

JSONPATH, JSONATA = "JSONPath", "JSONata"
ACCOUNT, REGION = "123456789012", "us-east-1"


@dataclass
class RunOptions:
    """Everything that makes a run reproducible besides the definition, input and mocks."""

    state_machine_name: str = "StateMachine"
    execution_name: str = "execution"
    start_time: datetime = datetime(2024, 1, 1, tzinfo=UTC)
    seed: int = 0
    max_transitions: int = MAX_TRANSITIONS  # states entered plus retries (flowdsl.run.bounds)
    max_expression_steps: int = MAX_EXPRESSION_STEPS  # per JSONata evaluation


@dataclass
class Frame:
    """Where a state runs: its scope of variables and its position inside branches/iterations."""

    scope: Scope
    where: str = ""
    map_item: dict[str, Any] | None = None
    child: ChildExecution | None = None  # set inside a Distributed Map's child execution


class Machine:
    """Runs one definition once; create a new Machine per run (it holds the run's state)."""

    def __init__(
        self, definition: dict[str, Any], mocks: dict[str, Mock], options: RunOptions
    ) -> None:
        if not isinstance(definition, dict) or not isinstance(definition.get("States"), dict):
            raise DefinitionError("the definition has no 'States' object")
        self.definition = definition
        self.mocks = mocks
        self.options = options
        self.language = definition.get("QueryLanguage", JSONPATH)
        self.rng = random.Random(options.seed)
        self.intrinsics = Intrinsics(self.rng)
        self.jsonata = Jsonata(self.rng, options.max_expression_steps, clock=lambda: self.now)
        self.flow = Dataflow(self)
        self.now = options.start_time
        self.trace: list[dict[str, Any]] = []
        self.calls: dict[str, int] = {}
        self.transitions = 0
        self.tokens = 0
        name = options.state_machine_name
        self.state_machine_arn = f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"
        self.execution_context = {
            "Id": f"arn:aws:states:{REGION}:{ACCOUNT}:execution:{name}:{options.execution_name}",
            "Name": options.execution_name,
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/{name}-role",
            "StartTime": self.timestamp(),
            "RedriveCount": 0,
        }

    # -- the run -------------------------------------------------------------------------------

    def run(self, execution_input: Any) -> Execution:
        from flowdsl.run.states import run_states

        self.execution_context["Input"] = _copy(execution_input)
        self.emit("ExecutionStarted", input=execution_input)
        root = Scope()
        try:
            output = run_states(self, self.definition, _copy(execution_input), Frame(root))
        except StatesError as failure:
            self.emit("ExecutionFailed", error=failure.error, cause=failure.cause)
            error = failure.error or None
            return Execution(FAILED, None, error, failure.cause, self.trace, root.values)
        except (AttributeError, TypeError, KeyError, ValueError, IndexError) as exc:
            # Only a definition that skipped validation gets here (a field of the wrong shape).
            where = self.trace[-1].get("state", "?") if self.trace else "?"
            raise DefinitionError(
                f"the definition cannot be executed near state {where!r}: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        self.emit("ExecutionSucceeded", output=output)
        return Execution(SUCCEEDED, output, None, None, self.trace, root.values)

    # -- shared services for the state handlers ------------------------------------------------

    def language_of(self, state: dict[str, Any]) -> str:
        """A state's QueryLanguage overrides the top-level one.

        Source: https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
        """
        language = state.get("QueryLanguage", self.language)
        if language not in (JSONPATH, JSONATA):
            raise DefinitionError(f"unknown QueryLanguage {language!r}")
        return str(language)

    def timestamp(self) -> str:
        return self.now.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def advance(self, seconds: float) -> None:
        """Move the simulated clock; a wait past the end of the calendar stops the run."""
        if not seconds < (LAST_INSTANT - self.now).total_seconds():  # also catches inf and nan
            raise BoundExceeded(
                f"waiting {seconds:g} more seconds would take the simulated clock past the year "
                "9999 (an exponential Retry backoff without MaxDelaySeconds?)"
            )
        self.now += timedelta(seconds=seconds)

    def context(
        self,
        name: str,
        frame: Frame,
        entered: str,
        retry_count: int = 0,
        token: str | None = None,
    ) -> dict[str, Any]:
        """The context object (`$$` / `$states.context`) as a state sees it.

        Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
        """
        context: dict[str, Any] = {
            "Execution": self.execution_context,
            "State": {"EnteredTime": entered, "Name": name, "RetryCount": retry_count},
            "StateMachine": {"Id": self.state_machine_arn, "Name": self.options.state_machine_name},
        }
        if frame.child is not None:
            context.update(frame.child.context())
        if token is not None:
            context["Task"] = {"Token": token}
        if frame.map_item is not None:
            context["Map"] = {"Item": frame.map_item}
        return context

    def new_token(self, state: str) -> str:
        self.tokens += 1
        return f"token-{self.tokens}-{state}"

    def count_transition(self) -> None:
        self.transitions += 1
        if self.transitions > self.options.max_transitions:
            raise RuntimeFailure(
                f"The execution entered more than {self.options.max_transitions:,} states, "
                "retries included (an endless loop?); raise the bound with --max-transitions"
            )

    def emit(self, event: str, frame: Frame | None = None, **details: Any) -> None:
        record: dict[str, Any] = {"event": event}
        if frame is not None and frame.where:
            record["where"] = frame.where
        if frame is not None and frame.child is not None:
            record["execution"] = frame.child.name
        record.update(details)
        self.trace.append(record)

    def call_integration(
        self,
        name: str,
        resource: str,
        arguments: Any,
        frame: Frame,
        attempt: int,
        token: str | None,
    ) -> Any:
        """Ask the state's mock; record the arguments it got and what it answered."""
        mock = self.mocks.get(name)
        if mock is None:
            raise MockError(
                f"no mock for Task state {name!r} (resource {resource}); give one, e.g. "
                f"--mock '{name}={{\"result\": ...}}' or mocks={{{name!r}: result(...)}}"
            )
        index = self.calls.get(name, 0)
        self.calls[name] = index + 1
        sent = _copy(arguments)
        self.emit("TaskScheduled", frame, state=name, resource=resource, arguments=sent)
        call = Call(name, resource, _copy(arguments), index, attempt, token)
        try:
            answer = mock.answer(call)
        except StatesError as failure:
            self.emit("TaskFailed", frame, state=name, error=failure.error, cause=failure.cause)
            raise
        result = _copy(answer, f"the mock for {name!r} returned a value that is not JSON")
        try:
            check_size(result, _task_name(resource))
        except StatesError as failure:
            self.emit("TaskFailed", frame, state=name, error=failure.error, cause=failure.cause)
            raise
        self.emit("TaskSucceeded", frame, state=name, result=result)
        return result


def _task_name(resource: str) -> str:
    """How AWS names a task in a size error: the service of an optimized integration
    (`arn:aws:states:::lambda:invoke` -> 'lambda'), else the resource ARN."""
    prefix = "arn:aws:states:::"
    return resource[len(prefix) :].split(":")[0] if resource.startswith(prefix) else resource


def _copy(value: Any, problem: str = "value is not JSON") -> Any:
    """A deep copy through JSON: faster than copy.deepcopy and it rejects non-JSON values."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise MockError(f"{problem}: {exc}") from None
