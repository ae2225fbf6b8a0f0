"""`$now()` and `$millis()` read the execution's clock: the start time, moved on by Wait
states. A run is then the same run every time (import --verify compares two of them)."""

from __future__ import annotations

from datetime import UTC, datetime

from flowdsl.run import RunOptions, run

DEFINITION = {
    "QueryLanguage": "JSONata",
    "StartAt": "Before",
    "States": {
        "Before": {
            "Type": "Pass",
            "Output": "{% [$millis(), $now(), $now('[Y0001]-[M01]')] %}",
            "Next": "Wait a minute",
        },
        "Wait a minute": {"Type": "Wait", "Seconds": 60, "Next": "After"},
        "After": {
            "Type": "Pass",
            "Output": "{% {'before': $states.input, 'after': $millis()} %}",
            "End": True,
        },
    },
}


def test_now_and_millis_follow_the_execution_clock() -> None:
    start = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)
    execution = run(DEFINITION, {}, {}, options=RunOptions(start_time=start))
    millis = int(start.timestamp() * 1000)
    assert execution.output == {
        "before": [millis, "2026-12-02T21:30:00.000Z", "2026-12"],
        "after": millis + 60_000,
    }


def test_two_runs_give_the_same_output() -> None:
    assert run(DEFINITION, {}, {}).output == run(DEFINITION, {}, {}).output
