"""One handler per ASL state type; each returns (output, next state name or None)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flowdsl.run.choice import ChoiceEvaluator, parse_timestamp
from flowdsl.run.dataflow import Visit
from flowdsl.run.errors import (
    STATES_DATA_LIMIT_EXCEEDED,
    STATES_NO_CHOICE_MATCHED,
    DefinitionError,
    RuntimeFailure,
    StatesError,
)
from flowdsl.run.jsonata_eval import UNDEFINED, QueryEvaluationError
from flowdsl.run.jsonpath import PathNotFound, select
from flowdsl.run.recovery import with_recovery

if TYPE_CHECKING:
    from flowdsl.run.machine import Frame, Machine

Outcome = tuple[Any, str | None]


def run_states(machine: Machine, graph: dict[str, Any], data: Any, frame: Frame) -> Any:
    """Run a state graph (the machine, a Parallel branch or a Map processor) to its end."""
    states = graph.get("States")
    name = graph.get("StartAt")
    if not isinstance(states, dict) or not isinstance(name, str):
        raise DefinitionError("a state graph needs 'StartAt' and 'States'")
    while True:
        state = states.get(name)
        if not isinstance(state, dict):
            raise DefinitionError(f"state {name!r} does not exist (reached from StartAt or a Next)")
        machine.count_transition()
        data, next_name = enter(machine, name, state, data, frame)
        if next_name is None:
            return data
        name = next_name


def enter(machine: Machine, name: str, state: dict[str, Any], data: Any, frame: Frame) -> Outcome:
    kind = state.get("Type")
    handler = HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise DefinitionError(f"state {name!r} has unknown Type {kind!r}")
    visit = Visit(name, state, frame, machine.language_of(state), data, machine.timestamp())
    machine.emit("StateEntered", frame, state=name, type=kind, input=data, time=visit.entered)
    try:
        output, next_name = handler(machine, visit)
    except RuntimeFailure as failure:
        # Step Functions names the state in the cause of a States.Runtime error.
        if not failure.located:
            failure.located = True
            failure.cause = f"An error occurred while executing the state {name!r}. {failure.cause}"
        raise
    _check_payload_size(name, output)
    machine.emit("StateExited", frame, state=name, output=output)
    return output, next_name


# A state's input or output is at most 256 KiB of UTF-8 JSON; larger fails the state with
# States.DataLimitExceeded (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html,
# "Maximum input or output size for a task, state, or execution"). It also keeps a runaway
# workflow from growing its data without bound from state to state.
MAX_PAYLOAD_BYTES = 256 * 1024


def _check_payload_size(name: str, output: Any) -> None:
    if output is None or isinstance(output, bool | int | float):
        return
    if isinstance(output, str) and len(output) * 4 <= MAX_PAYLOAD_BYTES:
        return  # surely small enough, without encoding it
    size = len(json.dumps(output, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_PAYLOAD_BYTES:
        raise StatesError(
            STATES_DATA_LIMIT_EXCEEDED,
            f"The state/task {name!r} returned a result with a size exceeding the maximum number "
            f"of bytes service limit ({size:,} bytes; at most {MAX_PAYLOAD_BYTES:,})",
        )


def _next(state: dict[str, Any]) -> str | None:
    if state.get("End") is True:
        return None
    next_name = state.get("Next")
    if not isinstance(next_name, str):
        raise DefinitionError("a state needs either 'Next' or 'End': true")
    return next_name


def finish(machine: Machine, visit: Visit, result: Any) -> Any:
    """Turn a Task/Parallel/Map result into the state's output and bind its Assign."""
    flow = machine.flow
    if visit.jsonata:
        states = flow.states(visit, result=result)
        output = flow.jsonata_output(visit, visit.state, states, default=result)
        values = flow.assign_jsonata(visit, visit.state, states)
    else:
        values = flow.assign_jsonpath(visit, visit.state.get("Assign"), result)
        selected = flow.select_result(visit, result)
        output = flow.output_path(visit, flow.place_result(visit, selected))
    flow.bind(visit, values)
    return output


def _arguments(machine: Machine, visit: Visit, jsonpath_field: str = "Parameters") -> Any:
    """What the work receives: Parameters over the effective input, or Arguments (JSONata)."""
    flow = machine.flow
    if visit.jsonata:
        if "Arguments" not in visit.state:
            return visit.raw_input
        value = flow.evaluate(visit, visit.state["Arguments"], flow.states(visit))
        if value is UNDEFINED:
            raise QueryEvaluationError(
                f"The Arguments of state {visit.name!r} evaluated to undefined"
            )
        return value
    effective = flow.effective_input(visit)
    if jsonpath_field not in visit.state:
        return effective
    return flow.template(visit, visit.state[jsonpath_field], effective)


# -- Task --------------------------------------------------------------------------------------


def task(machine: Machine, visit: Visit) -> Outcome:
    resource = visit.state.get("Resource")
    if not isinstance(resource, str):
        raise DefinitionError(f"Task state {visit.name!r} has no Resource")

    def attempt(number: int) -> Any:
        # A callback task gets a fresh token per attempt, readable as $$.Task.Token.
        # Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html
        if resource.endswith(".waitForTaskToken"):
            visit.token = machine.new_token(visit.name)
        arguments = _arguments(machine, visit)
        result = machine.call_integration(
            visit.name, resource, arguments, visit.frame, number, visit.token
        )
        return finish(machine, visit, result)

    return with_recovery(machine, visit, attempt, _next(visit.state))


# -- Pass, Wait, Succeed, Fail -----------------------------------------------------------------


def pass_(machine: Machine, visit: Visit) -> Outcome:
    from flowdsl.run.machine import _copy

    flow, state = machine.flow, visit.state
    if visit.jsonata:
        states = flow.states(visit)
        output = flow.jsonata_output(visit, state, states, default=visit.raw_input)
        values = flow.assign_jsonata(visit, state, states)
    else:
        result = _copy(state["Result"]) if "Result" in state else _arguments(machine, visit)
        values = flow.assign_jsonpath(visit, state.get("Assign"), result)
        output = flow.output_path(visit, flow.place_result(visit, result))
    flow.bind(visit, values)
    return output, _next(state)


def wait(machine: Machine, visit: Visit) -> Outcome:
    """Wait never sleeps: the simulated clock jumps.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
    """
    flow, state = machine.flow, visit.state
    if visit.jsonata:
        states = flow.states(visit)
        seconds = flow.evaluate(visit, state["Seconds"], states) if "Seconds" in state else None
        until = flow.evaluate(visit, state["Timestamp"], states) if "Timestamp" in state else None
        failure: Callable[[str], StatesError] = QueryEvaluationError
    else:
        effective = flow.effective_input(visit)
        seconds = state.get("Seconds")
        until = state.get("Timestamp")
        if "SecondsPath" in state:
            seconds = _path_value(machine, visit, state["SecondsPath"], effective, "SecondsPath")
        if "TimestampPath" in state:
            until = _path_value(machine, visit, state["TimestampPath"], effective, "TimestampPath")
        failure = RuntimeFailure
    if seconds is not None:
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
            raise _fail(
                failure,
                f"Wait state {visit.name!r}: Seconds must be a non-negative integer, got {seconds!r}",
            )
        machine.advance(seconds)
    elif until is not None:
        moment = parse_timestamp(until)
        if moment is None:
            raise _fail(
                failure, f"Wait state {visit.name!r}: {until!r} is not an RFC 3339 timestamp"
            )
        seconds = max(0.0, (moment - machine.now).total_seconds())
        machine.advance(seconds)
    machine.emit(
        "Waited", visit.frame, state=visit.name, seconds=seconds, until=machine.timestamp()
    )
    if visit.jsonata:
        output = flow.jsonata_output(visit, state, states, default=visit.raw_input)
        values = flow.assign_jsonata(visit, state, states)
    else:
        values = flow.assign_jsonpath(visit, state.get("Assign"), effective)
        output = flow.output_path(visit, effective)
    flow.bind(visit, values)
    return output, _next(state)


def _fail(kind: Callable[[str], StatesError], message: str) -> StatesError:
    return kind(message)


def _path_value(machine: Machine, visit: Visit, path: str, data: Any, field: str) -> Any:
    if path.startswith("States."):
        return machine.intrinsics.evaluate(
            path, data, machine.flow.context(visit), visit.frame.scope
        )
    try:
        return select(path, data, machine.flow.context(visit), visit.frame.scope)
    except PathNotFound:
        raise RuntimeFailure(f"Invalid path {path!r} for {field}: No results") from None


def succeed(machine: Machine, visit: Visit) -> Outcome:
    flow = machine.flow
    if visit.jsonata:
        output = flow.jsonata_output(
            visit, visit.state, flow.states(visit), default=visit.raw_input
        )
    else:
        output = flow.output_path(visit, flow.effective_input(visit))
    return output, None


def fail(machine: Machine, visit: Visit) -> Outcome:
    """Error/Cause, or ErrorPath/CausePath (JSONPath), or JSONata expressions in Error/Cause.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
    """
    flow, state = machine.flow, visit.state
    values: dict[str, Any] = {}
    for field in ("Error", "Cause"):
        if visit.jsonata and field in state:
            value = flow.evaluate(visit, state[field], flow.states(visit))
        elif f"{field}Path" in state:
            value = _path_value(
                machine, visit, state[f"{field}Path"], visit.raw_input, f"{field}Path"
            )
        else:
            value = state.get(field)
        if value is not None and value is not UNDEFINED and not isinstance(value, str):
            raise RuntimeFailure(
                f"Fail state {visit.name!r}: {field} must be a string, got {value!r}"
            )
        values[field] = None if value is UNDEFINED else value
    raise StatesError(values["Error"] or "", values["Cause"])


# -- Choice ------------------------------------------------------------------------------------


def choice(machine: Machine, visit: Visit) -> Outcome:
    """First matching rule wins; its Assign/Output apply, the state's own ones go with Default.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
    """
    flow, state = machine.flow, visit.state
    rules = state.get("Choices") or []
    if visit.jsonata:
        states = flow.states(visit)
        for index, rule in enumerate(rules):
            condition = flow.evaluate(visit, rule.get("Condition"), states)
            if not isinstance(condition, bool):
                raise QueryEvaluationError(
                    f"The Condition of rule {index} in {visit.name!r} must be a boolean, got {condition!r}"
                )
            if condition:
                return _choose(machine, visit, rule, index, states)
        return _choose(machine, visit, state, "Default", states)
    effective = flow.effective_input(visit)
    evaluator = ChoiceEvaluator(effective, flow.context(visit), visit.frame.scope)
    for index, rule in enumerate(rules):
        if evaluator.matches(rule):
            return _choose(machine, visit, rule, index, effective)
    return _choose(machine, visit, state, "Default", effective)


def _choose(
    machine: Machine, visit: Visit, holder: dict[str, Any], rule: Any, data: Any
) -> Outcome:
    flow = machine.flow
    next_name = holder.get("Next") if rule != "Default" else holder.get("Default")
    if not isinstance(next_name, str):
        raise StatesError(
            STATES_NO_CHOICE_MATCHED,
            f"No Choice rule matched in state {visit.name!r} and it has no Default",
        )
    if visit.jsonata:
        output = flow.jsonata_output(visit, holder, data, default=visit.raw_input)
        values = flow.assign_jsonata(visit, holder, data)
    else:
        values = flow.assign_jsonpath(visit, holder.get("Assign"), data)
        output = flow.output_path(visit, data)
    machine.emit("ChoiceMatched", visit.frame, state=visit.name, rule=rule, next=next_name)
    flow.bind(visit, values)
    return output, next_name


# -- Parallel and Map ----------------------------------------------------------------------------


def parallel(machine: Machine, visit: Visit) -> Outcome:
    """Branches run in order; the result lists their outputs in branch order, and the first
    branch that fails fails the state with that branch's error name.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
    """
    from flowdsl.run.machine import Frame, _copy

    branches = visit.state.get("Branches")
    if not isinstance(branches, list) or not branches:
        raise DefinitionError(f"Parallel state {visit.name!r} has no Branches")

    def attempt(number: int) -> Any:
        branch_input = _arguments(machine, visit)
        results = []
        for index, branch in enumerate(branches):
            where = _where(visit.frame, f"{visit.name}[{index}]")
            inner = Frame(visit.frame.scope.child(), where)
            results.append(run_states(machine, branch, _copy(branch_input), inner))
        return finish(machine, visit, results)

    return with_recovery(machine, visit, attempt, _next(visit.state))


def _where(frame: Frame, step: str) -> str:
    return f"{frame.where} > {step}" if frame.where else step


def map_(machine: Machine, visit: Visit) -> Outcome:
    from flowdsl.run.map_state import run_map

    return with_recovery(
        machine, visit, lambda number: run_map(machine, visit, number), _next(visit.state)
    )


HANDLERS: dict[str, Callable[[Machine, Visit], Outcome]] = {
    "Task": task,
    "Pass": pass_,
    "Wait": wait,
    "Succeed": succeed,
    "Fail": fail,
    "Choice": choice,
    "Parallel": parallel,
    "Map": map_,
}
