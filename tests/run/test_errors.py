"""Retry, Catch, timeouts, task tokens and mock set-up mistakes."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.testing import (
    Call,
    MockError,
    error,
    heartbeat_timeout,
    result,
    run_workflow,
    sequence,
    token_failure,
    token_success,
)

LAMBDA_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
]


def task(**fields: Any) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
        **fields,
    }


def sm(states: dict[str, Any]) -> dict[str, Any]:
    return {"StartAt": next(iter(states)), "States": states}


def test_retry_backoff_is_simulated_and_recorded() -> None:
    definition = sm(
        {
            "T": task(
                End=True,
                Retry=[
                    {
                        "ErrorEquals": LAMBDA_ERRORS,
                        "IntervalSeconds": 2,
                        "MaxAttempts": 6,
                        "BackoffRate": 2,
                    }
                ],
            )
        }
    )
    mock = sequence(
        error("Lambda.ServiceException"),
        error("Lambda.ServiceException"),
        error("Lambda.SdkClientException"),
        result({"Payload": "ok"}),
    )
    execution = run_workflow(definition, {}, {"T": mock})
    execution.assert_succeeded(output={"Payload": "ok"})
    retries = execution.events("RetryScheduled")
    assert [(r["attempt"], r["delay"]) for r in retries] == [(1, 2), (2, 4), (3, 8)]
    assert len(execution.arguments_of("T")) == 4
    # no real sleeping: 2 + 4 + 8 simulated seconds passed
    assert retries[-1]["time"] == "2024-01-01T00:00:14.000Z"


def test_retry_exhausted_then_catch_with_result_path() -> None:
    definition = sm(
        {
            "T": task(
                Next="Done",
                Retry=[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Recover"}],
            ),
            "Recover": {"Type": "Pass", "End": True},
            "Done": {"Type": "Succeed"},
        }
    )
    execution = run_workflow(definition, {"id": 1}, {"T": error("Lambda.ServiceException", "down")})
    execution.assert_succeeded(
        output={"id": 1, "error": {"Error": "Lambda.ServiceException", "Cause": "down"}}
    )
    execution.assert_path("T", "Recover")
    assert [r["delay"] for r in execution.events("RetryScheduled")] == [1, 2]


def test_max_delay_and_full_jitter() -> None:
    definition = sm(
        {
            "T": task(
                End=True,
                Retry=[
                    {
                        "ErrorEquals": ["E"],
                        "IntervalSeconds": 10,
                        "BackoffRate": 3,
                        "MaxAttempts": 3,
                        "MaxDelaySeconds": 20,
                    }
                ],
            )
        }
    )
    mock = sequence(error("E"), error("E"), error("E"), result(1))
    delays = [
        r["delay"] for r in run_workflow(definition, {}, {"T": mock}).events("RetryScheduled")
    ]
    assert delays == [10, 20, 20]
    definition["States"]["T"]["Retry"][0]["JitterStrategy"] = "FULL"
    jittered = [
        r["delay"] for r in run_workflow(definition, {}, {"T": mock}).events("RetryScheduled")
    ]
    assert all(0 <= j <= d for j, d in zip(jittered, delays, strict=True)) and jittered != delays


def test_first_matching_retrier_decides_and_max_attempts_zero_never_retries() -> None:
    definition = sm(
        {
            "T": task(
                End=True,
                Retry=[
                    {"ErrorEquals": ["Special"], "MaxAttempts": 0},
                    {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5},
                ],
            )
        }
    )
    execution = run_workflow(definition, {}, {"T": error("Special")})
    execution.assert_failed("Special")
    assert execution.events("RetryScheduled") == []


def test_task_failed_matches_everything_but_timeout() -> None:
    definition = sm(
        {
            "T": task(End=True, Catch=[{"ErrorEquals": ["States.TaskFailed"], "Next": "Caught"}]),
            "Caught": {"Type": "Succeed"},
        }
    )
    run_workflow(definition, {}, {"T": error("Custom")}).assert_path("T", "Caught")
    run_workflow(definition, {}, {"T": error("States.Timeout")}).assert_failed("States.Timeout")


def test_heartbeat_timeout_and_task_token_answers() -> None:
    definition = sm(
        {
            "Wait": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "HeartbeatSeconds": 60,
                "TimeoutSeconds": 600,
                "Parameters": {
                    "QueueUrl": "${QueueUrl}",
                    "MessageBody": {"token.$": "$$.Task.Token"},
                },
                "Catch": [
                    {"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Stalled"},
                    {"ErrorEquals": ["States.ALL"], "Next": "Failed"},
                ],
                "End": True,
            },
            "Stalled": {"Type": "Pass", "Result": "stalled", "End": True},
            "Failed": {"Type": "Pass", "Result": "failed", "End": True},
        }
    )
    ok = run_workflow(definition, {}, {"Wait": token_success({"done": True})})
    ok.assert_succeeded(output={"done": True})
    sent = ok.arguments_of("Wait")[0]
    assert sent["QueueUrl"] == "https://sqs.us-east-1.amazonaws.com/123456789012/Queue"
    assert sent["MessageBody"]["token"].startswith("token-")
    run_workflow(definition, {}, {"Wait": heartbeat_timeout()}).assert_succeeded(output="stalled")
    run_workflow(definition, {}, {"Wait": token_failure("Worker.Failed", "x")}).assert_succeeded(
        output="failed"
    )
    # Uncaught, AWS reports a heartbeat timeout as States.Timeout without cause (recorded:
    # LocalStack's test_heartbeats snapshots, tests/parity/).
    definition["States"]["Wait"].pop("Catch")
    stalled = run_workflow(definition, {}, {"Wait": heartbeat_timeout()})
    stalled.assert_failed("States.Timeout")
    assert stalled.cause is None


def test_parallel_fails_with_the_failed_branch_error_name_and_catch_sees_it() -> None:
    definition = sm(
        {
            "P": {
                "Type": "Parallel",
                "Next": "Done",
                "Branches": [
                    {"StartAt": "Ok", "States": {"Ok": {"Type": "Pass", "End": True}}},
                    {
                        "StartAt": "Bad",
                        "States": {"Bad": {"Type": "Fail", "Error": "Branch.Broke", "Cause": "b"}},
                    },
                    {"StartAt": "Never", "States": {"Never": {"Type": "Pass", "End": True}}},
                ],
                "Catch": [{"ErrorEquals": ["Branch.Broke"], "Next": "Handled"}],
            },
            "Handled": {"Type": "Pass", "End": True},
            "Done": {"Type": "Succeed"},
        }
    )
    execution = run_workflow(definition, {})
    execution.assert_succeeded(output={"Error": "Branch.Broke", "Cause": "b"})
    execution.assert_path("P", "Ok", "Bad", "Handled")


def test_map_iteration_failure_fails_the_map_with_its_error() -> None:
    definition = sm(
        {
            "M": {
                "Type": "Map",
                "ItemProcessor": {"StartAt": "W", "States": {"W": task(End=True)}},
                "Retry": [{"ErrorEquals": ["Item.Bad"], "MaxAttempts": 1}],
                "End": True,
            }
        }
    )
    mock = sequence(result(1), error("Item.Bad", "second"), result(1), result(2))
    execution = run_workflow(definition, [1, 2], {"W": mock})
    # the retry re-runs the whole Map: items 1 and 2 again
    execution.assert_succeeded(output=[1, 2])
    assert len(execution.arguments_of("W")) == 4


def test_callable_mock_gets_arguments_and_call_details() -> None:
    seen: list[Call] = []

    def fn(arguments: Any, call: Call) -> Any:
        seen.append(call)
        return {"Payload": arguments["Payload"]["n"] + call.attempt}

    definition = sm({"T": task(End=True)})
    run_workflow(definition, {"n": 1}, {"T": fn}).assert_succeeded(output={"Payload": 1})
    assert seen[0].state == "T" and seen[0].resource == "arn:aws:states:::lambda:invoke"


def test_results_sequence_running_out_is_a_mock_error() -> None:
    definition = sm({"T": task(End=True, Retry=[{"ErrorEquals": ["E"], "MaxAttempts": 3}])})
    with pytest.raises(MockError, match="has 1 answer"):
        run_workflow(definition, {}, {"T": sequence(error("E"))})


def test_missing_mock_names_the_state() -> None:
    definition = sm({"T": task(End=True)})
    with pytest.raises(MockError, match="no mock for Task state 'T'"):
        run_workflow(definition, {})


@pytest.mark.parametrize(
    ("mocks", "message"),
    [
        ({"Nope": {"result": 1}}, "no state of that name"),
        ({"P": {"result": 1}}, "a Pass state"),
        ({"T": {"value": 1}}, "expected exactly one of"),
        ({"T": 5}, "must be a JSON object"),
    ],
)
def test_bad_mocks_are_rejected_before_running(mocks: dict[str, Any], message: str) -> None:
    definition = sm({"P": {"Type": "Pass", "Next": "T"}, "T": task(End=True)})
    with pytest.raises(MockError, match=message):
        run_workflow(definition, {}, mocks)


def test_endless_loop_is_cut_off() -> None:
    from flowdsl.run import RunOptions

    definition = sm({"A": {"Type": "Pass", "Next": "A"}})
    execution = run_workflow(definition, options=RunOptions(max_transitions=50))
    execution.assert_failed("States.Runtime", "more than 50")


def test_payloads_over_256_kib_fail_with_data_limit_exceeded() -> None:
    big = "a" * (256 * 1024)
    too_large = sm({"P": {"Type": "Pass", "Result": {"Arg1": big}, "End": True}})
    run_workflow(too_large, {}).assert_failed(
        "States.DataLimitExceeded",
        "The state/task 'P' returned a result with a size exceeding the maximum number of bytes",
    )
    # A task's oversized result is a task failure a Catch handles, States.ALL included
    # (recorded on AWS: test_states_errors *_data_limit_exceeded_on_large_utf8_response).
    caught = sm(
        {
            "T": task(Next="Done", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Handled"}]),
            "Done": {"Type": "Succeed"},
            "Handled": {"Type": "Pass", "End": True},
        }
    )
    execution = run_workflow(caught, {}, {"T": result({"Payload": big})})
    execution.assert_path("T", "Handled")
    assert execution.output["Error"] == "States.DataLimitExceeded"
    assert "'lambda' returned a result" in execution.output["Cause"]
