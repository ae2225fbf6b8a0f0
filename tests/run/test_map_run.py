"""Distributed Map as AWS runs it: child executions, batches, tolerated failures, ResultWriter."""

from __future__ import annotations

from typing import Any

from flowdsl.run import run
from flowdsl.run.errors import StatesError


def distributed(processor_states: dict[str, Any], **map_fields: Any) -> dict[str, Any]:
    first = next(iter(processor_states))
    return {
        "QueryLanguage": "JSONata",
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": first,
                    "States": processor_states,
                },
                "End": True,
                **map_fields,
            }
        },
    }


CONTEXT = {
    "Show": {
        "Type": "Pass",
        "Output": "{% {'input': $states.input, 'execution': $states.context.Execution, "
        "'machine': $states.context.StateMachine} %}",
        "End": True,
    }
}


def test_each_child_is_its_own_execution_with_its_item_as_input() -> None:
    execution = run(distributed(CONTEXT, Label="Orders"), ["a", "b"])
    execution.assert_succeeded()
    first, second = execution.output
    assert first["input"] == "a"
    assert first["execution"]["Input"] == "a"
    assert first["execution"]["Name"] != second["execution"]["Name"]
    assert first["execution"]["Id"].startswith(
        "arn:aws:states:us-east-1:123456789012:execution:StateMachine/Orders:"
    )
    assert first["machine"]["Name"] == "StateMachine/Orders"
    started = execution.events("ChildExecutionStarted")
    assert [e["input"] for e in started] == ["a", "b"]
    # Every state event of a child names its execution; the parent's do not.
    inner = [e for e in execution.trace if e.get("state") == "Show"]
    assert {e["execution"] for e in inner} == {e["execution"] for e in started}
    assert "execution" not in execution.events("StateEntered", "M")[0]
    run_arn = execution.events("MapRunStarted")[0]["mapRunArn"]
    assert run_arn.startswith("arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/Orders:")


def test_a_child_cannot_read_the_parents_variables() -> None:
    definition = distributed({"Read": {"Type": "Pass", "Output": "{% $secret %}", "End": True}})
    definition["States"] = {
        "Set": {"Type": "Pass", "Assign": {"secret": 1}, "Next": "M"},
        **definition["States"],
    }
    definition["StartAt"] = "Set"
    execution = run(definition, [1])
    execution.assert_failed("States.ExceedToleratedFailureThreshold")
    [child] = execution.events("ChildExecutionFailed")
    assert child["error"] == "States.QueryEvaluationError"


def test_item_batcher_gives_each_child_a_batch() -> None:
    definition = distributed(
        {"Count": {"Type": "Pass", "Output": "{% $count($states.input.Items) %}", "End": True}},
        ItemBatcher={"MaxItemsPerBatch": 2, "BatchInput": {"tag": "t"}},
    )
    execution = run(definition, [1, 2, 3])
    execution.assert_succeeded(output=[2, 1])
    assert execution.events("ChildExecutionStarted")[0]["input"] == {
        "Items": [1, 2],
        "BatchInput": {"tag": "t"},
    }


def failing_on_two(**map_fields: Any) -> dict[str, Any]:
    return distributed(
        {
            "Check": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $states.input = 2 %}", "Next": "Boom"}],
                "Default": "Done",
            },
            "Boom": {"Type": "Fail", "Error": "Bad", "Cause": "two"},
            "Done": {"Type": "Succeed"},
        },
        **map_fields,
    )


def test_by_default_one_failed_child_fails_the_map_run() -> None:
    execution = run(failing_on_two(), [1, 2, 3])
    execution.assert_failed(
        "States.ExceedToleratedFailureThreshold",
        "The specified tolerated failure threshold was exceeded",
    )
    assert [e["error"] for e in execution.events("ChildExecutionFailed")] == ["Bad"]
    assert execution.events("MapRunFailed")


def test_tolerated_failures_leave_the_error_output_in_their_slot() -> None:
    execution = run(failing_on_two(ToleratedFailureCount=1), [1, 2, 3])
    execution.assert_succeeded(output=[1, {"Error": "Bad", "Cause": "two"}, 3])
    by_share = run(failing_on_two(ToleratedFailurePercentage=30), [1, 2, 2, 4])
    by_share.assert_failed("States.ExceedToleratedFailureThreshold")
    assert run(failing_on_two(ToleratedFailurePercentage=50), [1, 2, 2, 4]).succeeded


def test_a_negative_tolerated_count_is_a_runtime_error() -> None:
    definition = failing_on_two()
    definition["QueryLanguage"] = "JSONPath"
    definition["States"]["M"]["ItemProcessor"]["States"]["Check"]["Choices"] = [
        {"Variable": "$", "NumericEquals": 2, "Next": "Boom"}
    ]
    definition["States"]["M"]["ToleratedFailureCountPath"] = "$.n"
    definition["States"]["M"]["ItemsPath"] = "$.items"
    execution = run(definition, {"items": [1], "n": -1})
    execution.assert_failed("States.Runtime", "ToleratedFailureCount cannot be negative.")
    wrong = run(definition, {"items": [1], "n": "x"})
    wrong.assert_failed(
        "States.Runtime",
        'The ToleratedFailureCountPath field refers to value "x" which is not a valid integer: $.n',
    )


def test_result_writer_hands_on_the_map_run_and_manifest() -> None:
    definition = distributed(
        {"Same": {"Type": "Pass", "End": True}},
        Label="Export",
        ResultWriter={
            "Resource": "arn:aws:states:::s3:putObject",
            "Arguments": {"Bucket": "out", "Prefix": "runs"},
        },
    )
    execution = run(definition, ["x", "y"])
    execution.assert_succeeded()
    output = execution.output
    run_arn = output["MapRunArn"]
    run_id = run_arn.rsplit(":", 1)[1]
    assert output["ResultWriterDetails"] == {"Bucket": "out", "Key": f"runs/{run_id}/manifest.json"}
    assert execution.events("ResultsWritten")[0]["results"] == ["x", "y"]


def test_an_inline_map_fails_with_the_iterations_error() -> None:
    definition = failing_on_two()
    definition["States"]["M"]["ItemProcessor"]["ProcessorConfig"] = {"Mode": "INLINE"}
    execution = run(definition, [1, 2])
    execution.assert_failed("Bad", "two")


def test_child_task_failures_are_counted_too() -> None:
    definition = distributed(
        {"Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}},
        ToleratedFailureCount=0,
    )

    def work(arguments: Any) -> Any:
        raise StatesError("Lambda.Unknown", "no")

    execution = run(definition, [1], {"Work": work})
    execution.assert_failed("States.ExceedToleratedFailureThreshold")


def test_the_text_trace_shows_the_map_run_and_each_child() -> None:
    execution = run(distributed({"Same": {"Type": "Pass", "End": True}}, Label="L"), [1])
    text = execution.describe()
    child = execution.events("ChildExecutionStarted")[0]["execution"]
    assert "M: Map Run arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/L:" in text
    assert f"M: child {child} started, input 1" in text
    assert f"[M[0] child {child}] > Same (Pass)" in text
    assert "M: Map Run SUCCEEDED, 0 child executions failed" in text


def test_batch_size_and_item_limit_may_come_from_paths() -> None:
    definition = distributed(
        {"Count": {"Type": "Pass", "End": True}},
        ItemBatcher={"MaxItemsPerBatchPath": "$.size"},
        ItemsPath="$.items",
    )
    definition["QueryLanguage"] = "JSONPath"
    execution = run(definition, {"items": [1, 2, 3], "size": 2})
    execution.assert_succeeded(output=[{"Items": [1, 2]}, {"Items": [3]}])
    reader = distributed(
        {"Same": {"Type": "Pass", "End": True}},
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "JSON", "MaxItems": "{% $states.input.limit %}"},
            "Arguments": {"Bucket": "b", "Key": "k"},
        },
    )
    limited = run(reader, {"limit": 2}, {"M": {"result": [7, 8, 9]}})
    limited.assert_succeeded(output=[7, 8])


def csv_reader(**config: Any) -> dict[str, Any]:
    return distributed(
        {"Same": {"Type": "Pass", "End": True}},
        ItemReader={
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", **config},
            "Arguments": {"Bucket": "b", "Key": "k.csv"},
        },
    )


def test_an_item_reader_mock_may_answer_with_the_objects_text() -> None:
    text = "A,B\n1,2\n3\n4,5,6\n"
    execution = run(csv_reader(CSVHeaderLocation="FIRST_ROW"), {}, {"M": {"result": text}})
    execution.assert_succeeded(
        output=[{"A": "1", "B": "2"}, {"A": "3", "B": ""}, {"A": "4", "B": "5"}]
    )
    given = run(
        csv_reader(CSVHeaderLocation="GIVEN", CSVHeaders=["X"]), {}, {"M": {"result": text}}
    )
    assert given.output == [{"X": "A"}, {"X": "1"}, {"X": "3"}, {"X": "4"}]
    twice = run(
        csv_reader(CSVHeaderLocation="GIVEN", CSVHeaders=["X", "X"]), {}, {"M": {"result": text}}
    )
    twice.assert_failed("States.ItemReaderFailed", "CSV headers cannot contain duplicates.")


def test_json_objects_and_max_items() -> None:
    definition = csv_reader(MaxItems=2)
    definition["States"]["M"]["ItemReader"]["ReaderConfig"]["InputType"] = "JSON"
    execution = run(definition, {}, {"M": {"result": "[1, 2, 3]"}})
    execution.assert_succeeded(output=[1, 2])
    not_a_list = run(definition, {}, {"M": {"result": '{"a": 1}'}})
    not_a_list.assert_failed("States.ItemReaderFailed", "Attempting to map over non-iterable node.")
    definition["States"]["M"]["ItemReader"]["ReaderConfig"]["MaxItems"] = -1
    negative = run(definition, {}, {"M": {"result": "[1]"}})
    negative.assert_failed("States.ItemReaderFailed", "field MaxItems must be positive")
