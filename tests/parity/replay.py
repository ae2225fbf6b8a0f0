"""Replay one AWS-recorded execution through flowdsl's runner and compare it with the recording.

A recorded case (see extract.py) holds a definition and the execution history AWS returned.
Every integration is answered from that history: the n-th call of a Task state gets the n-th
result (or error) AWS's service gave that state, preferring the recorded call whose parameters
equal the runner's (iterations of a Map may run in any order on AWS). The comparison covers the
final status, output or error and cause, and the states entered (with input) and exited (with
output). Parallel branches and Map iterations interleave in AWS's history, so states inside
them are compared as a multiset; the top-level sequence is compared in order.

The recording was anonymised by LocalStack's snapshot transformers (ARNs, names, dates became
`<ArnPart_0idx>`, `date`, ...): a recorded string holding such a placeholder matches any runner
string of the same shape.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any

from flowdsl.run import Call, Execution, StatesError, run
from flowdsl.run.machine import RunOptions

# A recorded task outcome, by the event type that holds it (detail key, error or result).
_RESULTS = {
    "TaskSucceeded": "taskSucceededEventDetails",
    "LambdaFunctionSucceeded": "lambdaFunctionSucceededEventDetails",
    "ActivitySucceeded": "activitySucceededEventDetails",
}
_FAILURES = {
    "TaskFailed": "taskFailedEventDetails",
    "TaskTimedOut": "taskTimedOutEventDetails",
    "TaskStartFailed": "taskStartFailedEventDetails",
    "TaskSubmitFailed": "taskSubmitFailedEventDetails",
    "LambdaFunctionFailed": "lambdaFunctionFailedEventDetails",
    "LambdaFunctionTimedOut": "lambdaFunctionTimedOutEventDetails",
    "LambdaFunctionStartFailed": "lambdaFunctionStartFailedEventDetails",
    "LambdaFunctionScheduleFailed": "lambdaFunctionScheduleFailedEventDetails",
    "ActivityFailed": "activityFailedEventDetails",
    "ActivityTimedOut": "activityTimedOutEventDetails",
    "ActivityScheduleFailed": "activityScheduleFailedEventDetails",
}
_SCHEDULED = {
    "TaskScheduled": "taskScheduledEventDetails",
    "LambdaFunctionScheduled": "lambdaFunctionScheduledEventDetails",
    "ActivityScheduled": "activityScheduledEventDetails",
}
_NESTING = ("Parallel", "Map")


@dataclass
class Outcome:
    """Status, output or error and cause, and the state events (top level, nested)."""

    status: str
    output: Any = None
    error: Any = None
    cause: Any = None
    top: list[Any] = field(default_factory=list)
    nested: list[Any] = field(default_factory=list)


@dataclass
class RecordedCall:
    parameters: Any
    result: Any = None
    error: tuple[str | None, str | None] | None = None
    used: bool = False
    ambiguous: bool = False


def _state_names(events: list[dict[str, Any]]) -> dict[int, str]:
    """Which state each event belongs to, following previousEventId back to a StateEntered."""
    names: dict[int, str] = {}
    for event in events:
        if not isinstance(event["id"], int):
            continue  # inside a Parallel: LocalStack's snapshot erased the ids (see below)
        details = event.get("stateEnteredEventDetails")
        if details is not None:
            names[event["id"]] = details["name"]
        elif event.get("previousEventId") in names:
            names[event["id"]] = names[event["previousEventId"]]
    return names


def recorded_calls(events: list[dict[str, Any]]) -> dict[str | None, list[RecordedCall]]:
    """Each Task state's integration calls, in history order, with what AWS answered.

    LocalStack's snapshot sorts the events of a Parallel state's branches and sets their ids
    to 0, so a call there cannot be tied to its state nor to its result. Such calls go under
    the key None; they pair with results only when there is exactly one of each.
    """
    names = _state_names(events)
    calls: dict[str | None, list[RecordedCall]] = {}
    # Which call an event belongs to, following previousEventId (iterations of a Map may run
    # the same state at the same time, so the state's name alone does not say).
    call_of: dict[int, RecordedCall] = {}
    loose_calls: list[RecordedCall] = []
    loose_outcomes: list[tuple[str, dict[str, Any]]] = []
    for event in events:
        kind, event_id = event["type"], event["id"]
        name = names.get(event_id) if isinstance(event_id, int) else None
        if kind in _SCHEDULED:
            details = event[_SCHEDULED[kind]]
            call = RecordedCall(details.get("parameters", details.get("input")))
            calls.setdefault(name, []).append(call)
            if name is None:
                loose_calls.append(call)
            else:
                call_of[event_id] = call
        elif kind in _RESULTS or kind in _FAILURES:
            if name is None:
                loose_outcomes.append((kind, event))
            elif event.get("previousEventId") in call_of:
                _settle(call_of[event["previousEventId"]], kind, event)
        elif isinstance(event_id, int) and event.get("previousEventId") in call_of:
            call_of[event_id] = call_of[event["previousEventId"]]
    if len(loose_calls) == 1 and len(loose_outcomes) == 1:
        _settle(loose_calls[0], *loose_outcomes[0])
    else:
        for call in loose_calls:
            call.ambiguous = True
    return calls


def _settle(call: RecordedCall, kind: str, event: dict[str, Any]) -> None:
    if kind in _RESULTS:
        call.result = event[_RESULTS[kind]].get("output")
        return
    details = event[_FAILURES[kind]]
    error = details.get("error")
    if error is None and kind.endswith("TimedOut"):
        error = "States.Timeout"
    call.error = (error, details.get("cause"))


class RecordedAnswers:
    """A mock for every Task state, answering as AWS's service answered in the recording."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.calls = recorded_calls(events)

    def mocks(self, task_states: list[str]) -> dict[str, Any]:
        return {name: functools.partial(self.answer, name) for name in task_states}

    def answer(self, name: str, arguments: Any, call: Call) -> Any:
        pending = [c for c in self.calls.get(name, []) + self.calls.get(None, []) if not c.used]
        if not pending:
            raise Unanswerable(f"the recording has no more results for state {name!r}")
        chosen = next((c for c in pending if matches(c.parameters, arguments)), pending[0])
        if chosen.ambiguous:
            raise Unanswerable(f"the recording does not say which result answered {name!r}")
        chosen.used = True
        if chosen.error is not None:
            raise StatesError(chosen.error[0] or "", chosen.error[1])
        return chosen.result


class Unanswerable(Exception):
    """The runner called an integration more often than AWS did."""


def recorded_outcome(events: list[dict[str, Any]]) -> Outcome:
    outcome = Outcome("RUNNING")
    depth = 0
    for event in events:
        kind = event["type"]
        entered = event.get("stateEnteredEventDetails")
        exited = event.get("stateExitedEventDetails")
        if entered is not None:
            (outcome.nested if depth else outcome.top).append(
                ("entered", entered["name"], entered.get("input"))
            )
            if kind.startswith(_NESTING):
                depth += 1
        elif exited is not None:
            if kind.startswith(_NESTING):
                depth -= 1
            (outcome.nested if depth else outcome.top).append(
                ("exited", exited["name"], exited.get("output"))
            )
        elif kind == "ExecutionSucceeded":
            outcome.status = "SUCCEEDED"
            outcome.output = event["executionSucceededEventDetails"].get("output")
        elif kind in ("ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted"):
            outcome.status = "FAILED" if kind == "ExecutionFailed" else kind[9:].upper()
            details = event.get(f"execution{kind[9:]}EventDetails") or {}
            outcome.error, outcome.cause = details.get("error"), details.get("cause")
    return outcome


def runner_outcome(execution: Execution) -> Outcome:
    outcome = Outcome(execution.status, execution.output, execution.error, execution.cause)
    for event in execution.trace:
        if event["event"] not in ("StateEntered", "StateExited") or "execution" in event:
            continue
        target = outcome.nested if event.get("where") else outcome.top
        if event["event"] == "StateEntered":
            target.append(("entered", event["state"], event["input"]))
        else:
            target.append(("exited", event["state"], event["output"]))
    return outcome


def execution_input(case: dict[str, Any]) -> Any:
    if "history" not in case:
        given = case["input"]
        return json.loads(given) if isinstance(given, str) else given
    started = case["history"][0].get("executionStartedEventDetails", {})
    return started.get("input", {})


def replay(case: dict[str, Any], definition: dict[str, Any]) -> Execution:
    from flowdsl.run import state_types

    answers = RecordedAnswers(case.get("history", []))
    states = state_types(definition)
    tasks = [n for n, s in states.items() if s.get("Type") == "Task"]
    mocks = answers.mocks(tasks)
    objects = case.get("objects") or {}
    for name, state in states.items():
        if state.get("Type") == "Map" and "ItemReader" in state:
            # AWS's S3 answered with the object the test wrote; the runner parses it.
            mocks[name] = functools.partial(_object, objects)
    options = RunOptions(state_machine_name="<ArnPart_0idx>", execution_name="<ExecArnPart_0idx>")
    return run(definition, execution_input(case), mocks, options=options)


def _object(objects: dict[str, str], arguments: Any) -> Any:
    key = arguments.get("Key") if isinstance(arguments, dict) else None
    if key not in objects:
        raise Unanswerable(f"the recording does not hold the S3 object {key!r}")
    return objects[key]


# -- comparing recorded values (some anonymised) with the runner's -------------------------------

_PLACEHOLDER = re.compile(r"<[A-Za-z0-9_:.\-]+>|\b111111111111\b|\b\d{12}\b")
_ANONYMOUS = {"date", "timestamp", "datetime", "start-time", "entered-time", "snf_role_arn"}


@functools.lru_cache(maxsize=4096)
def _pattern(recorded: str) -> re.Pattern[str] | None:
    if not _PLACEHOLDER.search(recorded):
        return None
    parts, last = [], 0
    for found in _PLACEHOLDER.finditer(recorded):
        parts.append(re.escape(recorded[last : found.start()]))
        parts.append(r".+?")
        last = found.end()
    parts.append(re.escape(recorded[last:]))
    return re.compile("".join(parts), re.DOTALL)


def matches(recorded: Any, actual: Any) -> bool:
    """Equal as JSON, where an anonymised recorded string stands for any string of its shape."""
    if isinstance(recorded, str):
        if recorded == actual:
            return True
        if not isinstance(actual, str):
            return False
        if recorded in _ANONYMOUS:
            return True
        pattern = _pattern(recorded)
        if pattern is not None and pattern.fullmatch(actual) is not None:
            return True
        return _same_json_text(recorded, actual)
    if isinstance(recorded, bool) or isinstance(actual, bool):
        return recorded is actual
    if isinstance(recorded, int | float) and isinstance(actual, int | float):
        return recorded == actual
    if isinstance(recorded, dict):
        return (
            isinstance(actual, dict)
            and recorded.keys() == actual.keys()
            and all(matches(recorded[k], actual[k]) for k in recorded)
        )
    if isinstance(recorded, list):
        return (
            isinstance(actual, list)
            and len(recorded) == len(actual)
            and all(matches(r, a) for r, a in zip(recorded, actual, strict=True))
        )
    return recorded == actual


def _same_json_text(recorded: str, actual: str) -> bool:
    # A cause that holds a JSON object (a Lambda error) went through LocalStack's snapshot as
    # an object and back to text; only its content is recorded, not its spacing.
    if not (recorded.startswith("{") and actual.startswith("{")):
        return False
    try:
        return matches(json.loads(recorded), json.loads(actual))
    except ValueError:
        return False


def differences(recorded: Outcome, actual: Outcome, states: bool = True) -> list[str]:
    """What differs, in words; empty when the runner reproduced the recording (`states`:
    compare the states entered and exited too, when the recording has them)."""
    found = []
    if recorded.status != actual.status:
        found.append(f"status: AWS {recorded.status}, runner {actual.status}")
    elif recorded.status == "SUCCEEDED" and not matches(recorded.output, actual.output):
        found.append(f"output: AWS {_show(recorded.output)}, runner {_show(actual.output)}")
    elif recorded.status == "FAILED":
        if recorded.error != actual.error:
            found.append(f"error: AWS {recorded.error!r}, runner {actual.error!r}")
        elif not matches(_without_event_id(recorded.cause), actual.cause):
            found.append(f"cause: AWS {recorded.cause!r}, runner {actual.cause!r}")
    if not states:
        return found
    if not _same_sequence(recorded.top, actual.top):
        found.append(f"states: AWS {_show(recorded.top)}, runner {_show(actual.top)}")
    elif not _same_multiset(recorded.nested, actual.nested):
        found.append(
            f"states in branches/iterations: AWS {_show(recorded.nested)}, "
            f"runner {_show(actual.nested)}"
        )
    return found


_EVENT_ID = re.compile(r" \(entered at the event id #\d+\)")


def _without_event_id(cause: Any) -> Any:
    """AWS names the history event where the failing state was entered; the runner keeps no
    AWS history, so its causes leave that out (and are otherwise compared verbatim)."""
    return _EVENT_ID.sub("", cause) if isinstance(cause, str) else cause


def _same_sequence(recorded: list[Any], actual: list[Any]) -> bool:
    return len(recorded) == len(actual) and all(
        r[:2] == a[:2] and matches(r[2], a[2]) for r, a in zip(recorded, actual, strict=True)
    )


def _same_multiset(recorded: list[Any], actual: list[Any]) -> bool:
    if len(recorded) != len(actual):
        return False
    remaining = list(actual)
    for r in recorded:
        index = next(
            (i for i, a in enumerate(remaining) if r[:2] == a[:2] and matches(r[2], a[2])), None
        )
        if index is None:
            return False
        remaining.pop(index)
    return True


def _show(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) < 600 else text[:600] + "..."
