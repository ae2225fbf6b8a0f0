"""JSONata-language states: $states, Arguments/Output/Assign, templates, variables and scopes."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.testing import StatesError, error, result, run_workflow


def sm(states: dict[str, Any], start: str | None = None, **top: Any) -> dict[str, Any]:
    return {
        "QueryLanguage": "JSONata",
        "StartAt": start or next(iter(states)),
        "States": states,
        **top,
    }


def test_arguments_output_and_templates_in_nested_objects_and_arrays() -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {
                    "FunctionName": "f",
                    "Payload": {
                        "ids": ["{% $states.input.id %}", 2, "plain"],
                        "name": "{% $uppercase($states.input.name) %}",
                    },
                },
                "Output": {
                    "stock": "{% $states.result.Payload.stock %}",
                    "input": "{% $states.input.id %}",
                },
                "End": True,
            }
        }
    )
    execution = run_workflow(
        definition, {"id": 1, "name": "ann"}, {"T": result({"Payload": {"stock": 4}})}
    )
    execution.assert_called_with(
        "T", {"FunctionName": "f", "Payload": {"ids": [1, 2, "plain"], "name": "ANN"}}
    )
    execution.assert_succeeded(output={"stock": 4, "input": 1})


def test_task_output_defaults_to_result_and_pass_output_to_input() -> None:
    definition = sm(
        {
            "P": {"Type": "Pass", "Next": "T"},
            "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": True},
        }
    )
    execution = run_workflow(definition, {"a": 1}, {"T": result({"MessageId": "m"})})
    assert execution.output_of("P") == [{"a": 1}]
    execution.assert_succeeded(output={"MessageId": "m"})


def test_assign_is_simultaneous_and_output_sees_old_values() -> None:
    definition = sm(
        {
            "A": {"Type": "Pass", "Assign": {"x": 1, "y": 2}, "Next": "B"},
            "B": {
                "Type": "Pass",
                "Assign": {"x": "{% $y %}", "y": "{% $x %}"},
                "Output": {"x": "{% $x %}", "y": "{% $y %}"},
                "Next": "C",
            },
            "C": {"Type": "Pass", "Output": "{% [$x, $y] %}", "End": True},
        }
    )
    execution = run_workflow(definition)
    assert execution.output_of("B") == [{"x": 1, "y": 2}]
    execution.assert_succeeded(output=[2, 1])


def test_variables_hold_null_and_json_types() -> None:
    definition = sm(
        {
            "A": {"Type": "Pass", "Assign": {"n": None, "l": [1, {"k": None}]}, "Next": "B"},
            "B": {
                "Type": "Pass",
                "Output": {"isnull": "{% $n = null %}", "l": "{% $l %}"},
                "End": True,
            },
        }
    )
    run_workflow(definition).assert_succeeded(output={"isnull": True, "l": [1, {"k": None}]})


def test_choice_conditions_with_rule_output_and_default() -> None:
    definition = sm(
        {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Condition": "{% $states.input.n > 3 %}",
                        "Next": "Big",
                        "Output": {"size": "big"},
                    },
                    {
                        "Condition": "{% $states.input.n > 1 %}",
                        "Next": "Mid",
                        "Assign": {"mid": True},
                    },
                ],
                "Default": "Small",
                "Output": {"size": "small"},
            },
            "Big": {"Type": "Succeed"},
            "Mid": {"Type": "Pass", "Output": "{% $mid %}", "End": True},
            "Small": {"Type": "Succeed"},
        }
    )
    run_workflow(definition, {"n": 5}).assert_succeeded(output={"size": "big"})
    run_workflow(definition, {"n": 2}).assert_succeeded(output=True)
    execution = run_workflow(definition, {"n": 0})
    execution.assert_succeeded(output={"size": "small"})
    execution.assert_path("C", "Small")


def test_condition_that_is_not_boolean_is_query_evaluation_error() -> None:
    definition = sm(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Condition": "{% $states.input.n %}", "Next": "D"}],
                "Default": "D",
            },
            "D": {"Type": "Succeed"},
        }
    )
    run_workflow(definition, {"n": 5}).assert_failed("States.QueryEvaluationError", "boolean")


def test_expression_error_is_catchable_query_evaluation_error() -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Arguments": {"MessageBody": "{% $states.input.a + 'x' %}"},
                "End": True,
                "Catch": [
                    {
                        "ErrorEquals": ["States.QueryEvaluationError"],
                        "Next": "Caught",
                        "Output": "{% $states.errorOutput.Error %}",
                    }
                ],
            },
            "Caught": {"Type": "Pass", "End": True},
        }
    )
    execution = run_workflow(definition, {"a": 1}, {"T": result({})})
    execution.assert_succeeded(output="States.QueryEvaluationError")
    assert execution.arguments_of("T") == []


def test_step_functions_jsonata_functions() -> None:
    definition = sm(
        {
            "P": {
                "Type": "Pass",
                "Output": {
                    "partition": "{% $partition([1,2,3,4,5], 2) %}",
                    "range": "{% $range(0, 10, 5) %}",
                    "hash": "{% $hash('input data', 'SHA-1') %}",
                    "parse": "{% $parse('{\"a\": [1]}') %}",
                    "uuid": "{% $length($uuid()) %}",
                    "random": "{% $random() < 1 %}",
                },
                "End": True,
            }
        }
    )
    run_workflow(definition).assert_succeeded(
        output={
            "partition": [[1, 2], [3, 4], [5]],
            "range": [0, 5, 10],
            "hash": "aaff4a450a104cd177d28d18d74485e8cae074b7",
            "parse": {"a": [1]},
            "uuid": 36,
            "random": True,
        }
    )


def test_map_items_item_selector_and_context() -> None:
    definition = sm(
        {
            "M": {
                "Type": "Map",
                "Items": "{% $states.input.orders %}",
                "ItemSelector": {
                    "order": "{% $states.context.Map.Item.Value %}",
                    "index": "{% $states.context.Map.Item.Index %}",
                    "shop": "{% $states.input.shop %}",
                },
                "ItemProcessor": {
                    "StartAt": "Charge",
                    "States": {
                        "Charge": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Arguments": {
                                "FunctionName": "charge",
                                "Payload": "{% $states.input %}",
                            },
                            "Output": "{% $states.result.Payload %}",
                            "End": True,
                        }
                    },
                },
                "End": True,
            }
        }
    )
    execution = run_workflow(
        definition,
        {"orders": ["a", "b", "c"], "shop": "s"},
        {"Charge": lambda args: {"Payload": args["Payload"]["order"].upper()}},
    )
    execution.assert_succeeded(output=["A", "B", "C"])  # item order, whatever MaxConcurrency says
    assert execution.arguments_of("Charge")[2] == {
        "FunctionName": "charge",
        "Payload": {"order": "c", "index": 2, "shop": "s"},
    }


def test_parallel_branches_read_outer_variables_and_keep_their_own() -> None:
    definition = sm(
        {
            "Init": {"Type": "Pass", "Assign": {"base": 10}, "Next": "P"},
            "P": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "A",
                        "States": {
                            "A": {"Type": "Pass", "Assign": {"inner": 1}, "Next": "A2"},
                            "A2": {"Type": "Pass", "Output": "{% $base + $inner %}", "End": True},
                        },
                    },
                    {
                        "StartAt": "B",
                        "States": {"B": {"Type": "Pass", "Output": "{% $base * 2 %}", "End": True}},
                    },
                ],
                "Assign": {"sum": "{% $sum($states.result) %}"},
                "Next": "After",
            },
            "After": {
                "Type": "Pass",
                "Output": {"sum": "{% $sum %}", "inner": "{% $inner %}"},
                "End": True,
            },
        }
    )
    # $inner was assigned inside a branch: invisible outside, so it is undefined there, and a
    # field evaluating to nothing fails the state (transforming-data.html), as in moto's engine.
    run_workflow(definition).assert_failed(
        "States.QueryEvaluationError", "The JSONata expression '$inner' returned nothing"
    )
    del definition["States"]["After"]["Output"]["inner"]
    execution = run_workflow(definition)
    execution.assert_succeeded(output={"sum": 31})
    assert execution.variables == {"base": 10, "sum": 31}


def test_inner_scope_cannot_assign_an_outer_variable() -> None:
    definition = sm(
        {
            "Init": {"Type": "Pass", "Assign": {"base": 10}, "Next": "M"},
            "M": {
                "Type": "Map",
                "Items": [1],
                "ItemProcessor": {
                    "StartAt": "I",
                    "States": {"I": {"Type": "Pass", "Assign": {"base": 1}, "End": True}},
                },
                "End": True,
            },
        }
    )
    run_workflow(definition).assert_failed("States.Runtime", "outer scope")


def test_distributed_map_cannot_read_outer_variables() -> None:
    processor = {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": "I",
        "States": {"I": {"Type": "Pass", "Output": {"v": "{% $base %}"}, "End": True}},
    }
    definition = sm(
        {
            "Init": {"Type": "Pass", "Assign": {"base": 10}, "Next": "M"},
            "M": {"Type": "Map", "Items": [1], "ItemProcessor": processor, "End": True},
        }
    )
    # The child execution fails reading $base; its Map Run then fails as AWS's does once more
    # children fail than are tolerated (none, by default).
    execution = run_workflow(definition)
    execution.assert_failed("States.ExceedToleratedFailureThreshold")
    (child,) = execution.events("ChildExecutionFailed", "M")
    assert child["error"] == "States.QueryEvaluationError"
    assert "The JSONata expression '$base' returned nothing" in child["cause"]
    processor["ProcessorConfig"] = {"Mode": "INLINE"}
    run_workflow(definition).assert_succeeded(output=[{"v": 10}])


def test_distributed_map_item_reader_mock_and_tolerated_failures() -> None:
    definition = sm(
        {
            "M": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "JSON"},
                    "Arguments": {"Bucket": "b", "Key": "k"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Work",
                    "States": {
                        "Work": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Arguments": {"FunctionName": "w", "Payload": "{% $states.input %}"},
                            "Output": "{% $states.result.Payload %}",
                            "End": True,
                        }
                    },
                },
                "ToleratedFailureCount": 1,
                "End": True,
            }
        }
    )

    def work(arguments: dict[str, Any]) -> Any:
        if arguments["Payload"] == 2:
            raise StatesError("Boom", "item 2")
        return {"Payload": arguments["Payload"] * 10}

    execution = run_workflow(definition, {}, {"M": result([1, 2, 3]), "Work": work})
    execution.assert_succeeded(output=[10, {"Error": "Boom", "Cause": "item 2"}, 30])
    assert execution.arguments_of("M") == [{"Bucket": "b", "Key": "k"}]
    too_many = run_workflow(definition, {}, {"M": result([2, 2]), "Work": work})
    too_many.assert_failed("States.ExceedToleratedFailureThreshold")


def test_item_batcher_groups_items() -> None:
    definition = sm(
        {
            "M": {
                "Type": "Map",
                "Items": [1, 2, 3],
                "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"k": 1}},
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED"},
                    "StartAt": "I",
                    "States": {"I": {"Type": "Pass", "End": True}},
                },
                "End": True,
            }
        }
    )
    run_workflow(definition).assert_succeeded(
        output=[{"Items": [1, 2], "BatchInput": {"k": 1}}, {"Items": [3], "BatchInput": {"k": 1}}]
    )


def test_wait_and_fail_with_expressions() -> None:
    definition = sm(
        {
            "W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "F"},
            "F": {
                "Type": "Fail",
                "Error": "{% 'E' & $string($states.input.s) %}",
                "Cause": "{% $states.context.State.EnteredTime %}",
            },
        }
    )
    execution = run_workflow(definition, {"s": 30})
    execution.assert_failed("E30", "2024-01-01T00:00:30.000Z")


def test_query_language_per_state_mixes_with_jsonpath() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "Next": "B"},
            "B": {
                "Type": "Pass",
                "QueryLanguage": "JSONata",
                "Output": "{% $states.input.v + 1 %}",
                "End": True,
            },
        },
    }
    run_workflow(definition, {"x": 1}).assert_succeeded(output=2)


def test_catch_assign_and_output_in_jsonata() -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                "Next": "Done",
                "Catch": [
                    {
                        "ErrorEquals": ["States.ALL"],
                        "Next": "Done",
                        "Assign": {"err": "{% $states.errorOutput.Error %}"},
                        "Output": {
                            "original": "{% $states.input %}",
                            "cause": "{% $states.errorOutput.Cause %}",
                        },
                    }
                ],
            },
            "Done": {
                "Type": "Pass",
                "Output": {"out": "{% $states.input %}", "err": "{% $err %}"},
                "End": True,
            },
        }
    )
    execution = run_workflow(definition, {"a": 1}, {"T": error("SNS.Throttled", "slow down")})
    execution.assert_succeeded(
        output={"out": {"original": {"a": 1}, "cause": "slow down"}, "err": "SNS.Throttled"}
    )
    assert execution.events("CatchTaken")[0] == {
        "event": "CatchTaken",
        "state": "T",
        "error": "SNS.Throttled",
        "next": "Done",
    }


@pytest.mark.parametrize("field", ["Arguments", "Output"])
def test_undefined_top_level_is_an_error(field: str) -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sns:publish",
                field: "{% $states.input.nope %}",
                "End": True,
            }
        }
    )
    run_workflow(definition, {}, {"T": result({})}).assert_failed(
        "States.QueryEvaluationError", "undefined"
    )
