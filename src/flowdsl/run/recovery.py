"""Retry and Catch for Task, Parallel and Map states, on the simulated clock.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
- Retriers are tried in order; the first whose ErrorEquals matches decides. Each retrier counts
  its own attempts; once its MaxAttempts (default 3, 0 = never) are spent, Catch takes over.
- Delay before retry n (from 0) = IntervalSeconds (default 1) * BackoffRate (default 2.0) ** n,
  capped by MaxDelaySeconds; JitterStrategy FULL picks uniformly in [0, delay].
- `States.ALL` matches every error but States.Runtime, which nothing can retry or catch;
  `States.TaskFailed` matches every error but States.Timeout. The page calls
  States.DataLimitExceeded terminal too, but AWS recorded a Task whose result was too large
  being caught by `States.DataLimitExceeded` and by `States.ALL` (tests/parity/,
  test_states_errors *_data_limit_exceeded_on_large_utf8_response): the recording wins.
- A Catch hands on the error output `{"Error", "Cause"}`: JSONPath puts it at the catcher's
  ResultPath (default `$`) in the state's raw input; JSONata exposes it as
  `$states.errorOutput`, the default Output of the catcher.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flowdsl.run.bounds import BOUND_EXCEEDED
from flowdsl.run.errors import (
    STATES_ALL,
    STATES_HEARTBEAT_TIMEOUT,
    STATES_RUNTIME,
    STATES_TASK_FAILED,
    STATES_TIMEOUT,
    DefinitionError,
    HeartbeatTimeout,
    StatesError,
)

# States.DataLimitExceeded is not here although the error-handling page calls it terminal:
# AWS's recorded executions (tests/parity/) show a Catch on it, and on States.ALL, taking it.
TERMINAL = frozenset({STATES_RUNTIME, BOUND_EXCEEDED})

if TYPE_CHECKING:
    from flowdsl.run.dataflow import Visit
    from flowdsl.run.machine import Machine


def error_matches(names: Any, failure: StatesError) -> bool:
    error = failure.error
    if error in TERMINAL:
        return False
    if not isinstance(names, list):
        raise DefinitionError(f"ErrorEquals must be a list, got {names!r}")
    for name in names:
        if name in (error, STATES_ALL):
            return True
        if name == STATES_TASK_FAILED and error != STATES_TIMEOUT:
            return True
        if name == STATES_HEARTBEAT_TIMEOUT and isinstance(failure, HeartbeatTimeout):
            return True
    return False


def retry_delay(machine: Machine, retrier: dict[str, Any], retries_done: int) -> float:
    try:
        growth = float(retrier.get("BackoffRate", 2.0)) ** retries_done
    except OverflowError:  # 2.0 ** 1100: MaxDelaySeconds (or the one-year bound) applies
        growth = math.inf
    interval = float(retrier.get("IntervalSeconds", 1))
    delay = interval * growth if interval else 0.0
    if "MaxDelaySeconds" in retrier:
        delay = min(delay, float(retrier["MaxDelaySeconds"]))
    if retrier.get("JitterStrategy") == "FULL":
        delay = machine.rng.uniform(0, delay)
    return int(delay) if delay.is_integer() else round(delay, 3)


def with_recovery(
    machine: Machine, visit: Visit, attempt: Callable[[int], Any], next_name: str | None
) -> tuple[Any, str | None]:
    """Run `attempt(n)` until it succeeds, retrying and finally catching as the state says.

    Returns (output, next state): `next_name` on success, the catcher's Next when one applies.
    """
    retriers = visit.state.get("Retry") or []
    counts = [0] * len(retriers)
    number = 0
    while True:
        try:
            return attempt(number), next_name
        except StatesError as failure:
            index = next(
                (i for i, r in enumerate(retriers) if error_matches(r.get("ErrorEquals"), failure)),
                None,
            )
            if index is not None and counts[index] < int(retriers[index].get("MaxAttempts", 3)):
                delay = retry_delay(machine, retriers[index], counts[index])
                counts[index] += 1
                number += 1
                # A retry is a new attempt in the execution history, so it counts toward the cap:
                # a Retry with MaxAttempts 99999999 must end like an endless loop does.
                machine.count_transition()
                visit.retry_count = number
                machine.advance(delay)
                machine.emit(
                    "RetryScheduled",
                    visit.frame,
                    state=visit.name,
                    error=failure.error,
                    attempt=number,
                    delay=delay,
                    time=machine.timestamp(),
                )
                continue
            for catcher in visit.state.get("Catch") or []:
                if error_matches(catcher.get("ErrorEquals"), failure):
                    return catch(machine, visit, catcher, failure), catcher["Next"]
            raise


def catch(machine: Machine, visit: Visit, catcher: dict[str, Any], failure: StatesError) -> Any:
    flow = machine.flow
    error_output = failure.error_output()
    if visit.jsonata:
        states = flow.states(visit, error_output=error_output)
        output = flow.jsonata_output(visit, catcher, states, default=error_output)
        values = flow.assign_jsonata(visit, catcher, states)
    else:
        values = flow.assign_jsonpath(visit, catcher.get("Assign"), error_output)
        output = flow.place_result(visit, error_output, catcher.get("ResultPath", "$"))
    machine.emit(
        "CatchTaken", visit.frame, state=visit.name, error=failure.error, next=catcher["Next"]
    )
    flow.bind(visit, values)
    return output
