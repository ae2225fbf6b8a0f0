"""Distributed Map as AWS runs it: a Map Run of child workflow executions.

Sources:
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html (each item, or
batch of items with ItemBatcher, is the input of its own child workflow execution; a child
cannot read the parent's variables; ToleratedFailureCount / ToleratedFailurePercentage, both 0
by default, and the Map Run fails with `States.ExceedToleratedFailureThreshold` past them),
https://docs.aws.amazon.com/step-functions/latest/dg/concepts-examine-map-run.html (the child
executions' labelled state machine ARN `stateMachine:<name>/<Label or a UUID>`),
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html (with a
ResultWriter the Map's result is `{"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}`, the
key `<Prefix>/<map run id>/manifest.json`).
Shapes recorded on AWS (LocalStack's parity snapshots, tests/parity/): the Map Run ARN
`mapRun:<state machine name>/<Label>:<map run id>`, and the threshold failure's cause "The
specified tolerated failure threshold was exceeded".

The parent's trace shows `MapRunStarted`, one `ChildExecutionStarted` and
`ChildExecutionSucceeded`/`ChildExecutionFailed` per child, the child's own state events
(marked with `"execution": <child name>`), and `MapRunSucceeded`/`MapRunFailed`. A failed child
that is tolerated leaves its error output `{"Error", "Cause"}` in its slot of the result.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowdsl.run.errors import STATES_EXCEED_TOLERATED_FAILURE, StatesError

if TYPE_CHECKING:
    from flowdsl.run.dataflow import Visit
    from flowdsl.run.machine import Machine

THRESHOLD_EXCEEDED = "The specified tolerated failure threshold was exceeded"


@dataclass(frozen=True)
class ChildExecution:
    """One child workflow execution: its own `$$.Execution` and labelled `$$.StateMachine`."""

    name: str
    execution: dict[str, Any]
    state_machine: dict[str, Any]

    def context(self) -> dict[str, Any]:
        return {"Execution": self.execution, "StateMachine": self.state_machine}


@dataclass(frozen=True)
class Tolerance:
    """The Map Run fails past either given bound; with neither given, on the first failure."""

    count: float | None = None
    percentage: float | None = None

    def exceeded(self, failures: int, total: int) -> bool:
        if self.count is None and self.percentage is None:
            return failures > 0
        over_count = self.count is not None and failures > self.count
        over_share = self.percentage is not None and failures * 100 > self.percentage * total
        return over_count or over_share


def _uuid(machine: Machine) -> str:
    return str(uuid.UUID(int=machine.rng.getrandbits(128), version=4))


def run_map_run(
    machine: Machine,
    visit: Visit,
    inputs: list[Any],
    tolerance: Tolerance,
    run_child: Callable[[int, Any, ChildExecution], Any],
) -> Any:
    """Run every child; returns the Map's result (outputs, or the ResultWriter's summary)."""
    state = visit.state
    label = state.get("Label") if isinstance(state.get("Label"), str) else _uuid(machine)
    run_id = _uuid(machine)
    parent = machine.options.state_machine_name
    prefix = machine.state_machine_arn.split(":stateMachine:")[
        0
    ]  # arn:aws:states:<region>:<account>
    map_run_arn = f"{prefix}:mapRun:{parent}/{label}:{run_id}"
    labelled = {"Id": f"{prefix}:stateMachine:{parent}/{label}", "Name": f"{parent}/{label}"}
    frame = visit.frame
    machine.emit("MapRunStarted", frame, state=visit.name, mapRunArn=map_run_arn, items=len(inputs))
    results: list[Any] = []
    failures = 0
    for index, child_input in enumerate(inputs):
        name = _uuid(machine)
        child = ChildExecution(
            name,
            {
                "Id": f"{prefix}:execution:{parent}/{label}:{name}",
                "Input": child_input,
                "Name": name,
                "RoleArn": machine.execution_context["RoleArn"],
                "StartTime": machine.timestamp(),
                "RedriveCount": 0,
            },
            labelled,
        )
        machine.emit(
            "ChildExecutionStarted", frame, state=visit.name, execution=name, input=child_input
        )
        try:
            output = run_child(index, child_input, child)
        except StatesError as failure:
            failures += 1
            machine.emit(
                "ChildExecutionFailed",
                frame,
                state=visit.name,
                execution=name,
                error=failure.error,
                cause=failure.cause,
            )
            results.append(failure.error_output())
            continue
        machine.emit(
            "ChildExecutionSucceeded", frame, state=visit.name, execution=name, output=output
        )
        results.append(output)
    if failures and tolerance.exceeded(failures, len(inputs)):
        machine.emit("MapRunFailed", frame, state=visit.name, failed=failures)
        raise StatesError(STATES_EXCEED_TOLERATED_FAILURE, THRESHOLD_EXCEEDED)
    machine.emit("MapRunSucceeded", frame, state=visit.name, failed=failures)
    writer = state.get("ResultWriter")
    if isinstance(writer, dict) and "Resource" in writer:
        return _write_results(machine, visit, writer, map_run_arn, run_id, results)
    return results


def _write_results(
    machine: Machine,
    visit: Visit,
    writer: dict[str, Any],
    map_run_arn: str,
    run_id: str,
    results: list[Any],
) -> dict[str, Any]:
    """What the Map hands on when a ResultWriter exports the results to S3 (not written here:
    the trace's `ResultsWritten` event holds them)."""
    flow = machine.flow
    if visit.jsonata:
        target = flow.evaluate(visit, writer.get("Arguments", {}), flow.states(visit))
    else:
        target = flow.template(visit, writer.get("Parameters", {}), flow.effective_input(visit))
    target = target if isinstance(target, dict) else {}
    prefix = target.get("Prefix")
    key = f"{prefix}/{run_id}/manifest.json" if prefix else f"{run_id}/manifest.json"
    details = {"Bucket": target.get("Bucket"), "Key": key}
    machine.emit("ResultsWritten", visit.frame, state=visit.name, results=results, **details)
    return {"MapRunArn": map_run_arn, "ResultWriterDetails": details}
