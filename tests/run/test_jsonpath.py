"""JSONPath-language states: every data-flow field, context object, variables, Choice operators."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.testing import error, result, run_workflow


def sm(states: dict[str, Any], start: str | None = None, **top: Any) -> dict[str, Any]:
    return {"StartAt": start or next(iter(states)), "States": states, **top}


def test_input_path_parameters_result_selector_result_path_output_path() -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "InputPath": "$.order",
                "Parameters": {"FunctionName": "f", "Payload": {"id.$": "$.id", "static": "x"}},
                "ResultSelector": {"stock.$": "$.Payload.stock", "code.$": "$.StatusCode"},
                "ResultPath": "$.check",
                "OutputPath": "$.check",
                "End": True,
            }
        }
    )
    execution = run_workflow(
        definition,
        {"order": {"id": 7}},
        {"T": result({"Payload": {"stock": 3}, "StatusCode": 200})},
    )
    execution.assert_succeeded(output={"stock": 3, "code": 200})
    # ResultPath inserts into the *raw* input, not the InputPath-filtered one
    assert execution.events("StateExited")[0]["output"] == {"stock": 3, "code": 200}
    execution.assert_called_with("T", {"FunctionName": "f", "Payload": {"id": 7, "static": "x"}})


def test_result_path_null_keeps_the_input_and_null_input_path_gives_empty_object() -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "InputPath": None,
                "ResultPath": None,
                "End": True,
            }
        }
    )
    execution = run_workflow(definition, {"a": 1}, {"T": result({"MessageId": "m"})})
    execution.assert_succeeded(output={"a": 1})
    assert execution.arguments_of("T") == [{}]


def test_output_path_null_gives_empty_object_and_result_path_creates_parents() -> None:
    definition = sm(
        {
            "P": {"Type": "Pass", "Result": 5, "ResultPath": "$.a.b.c", "Next": "Q"},
            "Q": {"Type": "Pass", "OutputPath": None, "End": True},
        }
    )
    execution = run_workflow(definition, {"a": {"keep": True}})
    assert execution.output_of("P") == [{"a": {"keep": True, "b": {"c": 5}}}]
    execution.assert_succeeded(output={})


def test_missing_path_is_a_states_runtime_error_that_catch_cannot_handle() -> None:
    definition = sm(
        {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "OutputPath": "$.Payload",
                "End": True,
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Handled"}],
            },
            "Handled": {"Type": "Succeed"},
        }
    )
    execution = run_workflow(definition, {}, {"T": result({"ItemStock": 1})})
    execution.assert_failed(
        "States.Runtime", "Invalid path '$.Payload' : No results for path: $['Payload']"
    )
    execution.assert_not_entered("Handled")


def test_parameters_path_miss_names_field_and_input() -> None:
    definition = sm({"P": {"Type": "Pass", "Parameters": {"x.$": "$.nope"}, "End": True}})
    execution = run_workflow(definition, {"a": 1})
    execution.assert_failed("States.Runtime", "The JSONPath '$.nope' specified for the field 'x.$'")


def test_context_object_and_map_item() -> None:
    definition = sm(
        {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.items",
                "ItemSelector": {
                    "value.$": "$$.Map.Item.Value",
                    "index.$": "$$.Map.Item.Index",
                    "tag.$": "$.tag",
                },
                "ItemProcessor": {
                    "StartAt": "I",
                    "States": {
                        "I": {
                            "Type": "Pass",
                            "Parameters": {
                                "v.$": "$.value",
                                "i.$": "$.index",
                                "t.$": "$.tag",
                                "state.$": "$$.State.Name",
                            },
                            "End": True,
                        }
                    },
                },
                "ResultPath": "$.out",
                "Next": "C",
            },
            "C": {
                "Type": "Pass",
                "Parameters": {
                    "exec.$": "$$.Execution.Name",
                    "input.$": "$$.Execution.Input",
                    "sm.$": "$$.StateMachine.Name",
                    "out.$": "$.out",
                },
                "End": True,
            },
        }
    )
    execution = run_workflow(definition, {"items": ["a", "b"], "tag": "T"})
    execution.assert_succeeded(
        output={
            "exec": "execution",
            "input": {"items": ["a", "b"], "tag": "T"},
            "sm": "StateMachine",
            "out": [
                {"v": "a", "i": 0, "t": "T", "state": "I"},
                {"v": "b", "i": 1, "t": "T", "state": "I"},
            ],
        }
    )


def test_legacy_iterator_and_parameters_spelling() -> None:
    definition = sm(
        {
            "M": {
                "Type": "Map",
                "Parameters": {"x.$": "$$.Map.Item.Value"},
                "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                "End": True,
            }
        }
    )
    run_workflow(definition, [1, 2]).assert_succeeded(output=[{"x": 1}, {"x": 2}])


def test_parallel_output_is_in_branch_order_and_result_selector_applies() -> None:
    def branch(n: int) -> dict[str, Any]:
        return {"StartAt": f"B{n}", "States": {f"B{n}": {"Type": "Pass", "Result": n, "End": True}}}

    definition = sm(
        {
            "P": {
                "Type": "Parallel",
                "Branches": [branch(2), branch(1), branch(3)],
                "ResultSelector": {"first.$": "$[0]", "all.$": "$"},
                "End": True,
            }
        }
    )
    execution = run_workflow(definition, {})
    execution.assert_succeeded(output={"first": 2, "all": [2, 1, 3]})
    execution.assert_path("P", "B2", "B1", "B3")


def test_variables_assign_read_and_scope_in_jsonpath() -> None:
    definition = sm(
        {
            "A": {"Type": "Pass", "Assign": {"n.$": "$.n", "label": "x"}, "Next": "B"},
            "B": {
                "Type": "Pass",
                "Parameters": {"n.$": "$n", "label.$": "$label"},
                "Assign": {"n.$": "States.MathAdd($n, 1)", "before.$": "$n"},
                "Next": "C",
            },
            "C": {"Type": "Pass", "Parameters": {"n.$": "$n", "before.$": "$before"}, "End": True},
        }
    )
    execution = run_workflow(definition, {"n": 1})
    # both Assign values of B read the old $n: assignment is simultaneous
    execution.assert_succeeded(output={"n": 2, "before": 1})
    assert execution.variables == {"n": 2, "label": "x", "before": 1}


def test_wait_does_not_sleep_and_advances_the_simulated_clock() -> None:
    definition = sm(
        {
            "W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "U"},
            "U": {"Type": "Wait", "Timestamp": "2024-01-01T01:00:00Z", "Next": "E"},
            "E": {"Type": "Pass", "Parameters": {"t.$": "$$.State.EnteredTime"}, "End": True},
        }
    )
    execution = run_workflow(definition, {"s": 90})
    execution.assert_succeeded(output={"t": "2024-01-01T01:00:00.000Z"})
    assert [e["seconds"] for e in execution.events("Waited")] == [90, 3510]


def test_fail_with_error_path_and_cause_path() -> None:
    definition = sm(
        {"F": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('bad {}', $.id)"}}
    )
    run_workflow(definition, {"e": "Custom", "id": 4}).assert_failed("Custom", "bad 4")


def test_succeed_applies_input_and_output_path() -> None:
    definition = sm({"S": {"Type": "Succeed", "InputPath": "$.a", "OutputPath": "$.b"}})
    run_workflow(definition, {"a": {"b": 1}}).assert_succeeded(output=1)


INTRINSICS = [
    ("States.Format('{} is {}', $.name, $.n)", "x is 3"),
    ("States.Format('lit \\{\\} {}', $.obj)", "lit {} {k=1}"),  # AWS writes objects as {k=v}
    ("States.StringToJson($.json)", {"a": [1]}),
    ("States.JsonToString($.obj)", '{"k":1}'),
    ("States.Array($.n, 'a', States.Array(1))", [3, "a", [1]]),
    ("States.ArrayPartition($.list, 2)", [[1, 2], [3, 4], [5]]),
    ("States.ArrayContains($.list, 3)", True),
    ("States.ArrayRange(1, 9, 2)", [1, 3, 5, 7, 9]),
    ("States.ArrayGetItem($.list, 1)", 2),
    ("States.ArrayLength($.list)", 5),
    ("States.ArrayUnique(States.Array(1, 2, 2, 1))", [1, 2]),
    ("States.Base64Encode('Data to encode')", "RGF0YSB0byBlbmNvZGU="),
    ("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", "Data to encode"),
    ("States.Hash('input data', 'SHA-1')", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
    ("States.JsonMerge($.obj, States.StringToJson($.json), false)", {"k": 1, "a": [1]}),
    ("States.MathAdd($.n, -1)", 2),
    ("States.StringSplit('a,b+c', ',+')", ["a", "b", "c"]),
]


@pytest.mark.parametrize(("expression", "expected"), INTRINSICS)
def test_intrinsic_functions(expression: str, expected: Any) -> None:
    definition = sm({"P": {"Type": "Pass", "Parameters": {"v.$": expression}, "End": True}})
    data = {"name": "x", "n": 3, "obj": {"k": 1}, "json": '{"a":[1]}', "list": [1, 2, 3, 4, 5]}
    run_workflow(definition, data).assert_succeeded(output={"v": expected})


def test_random_intrinsics_are_deterministic_per_seed() -> None:
    definition = sm(
        {
            "P": {
                "Type": "Pass",
                "Parameters": {"r.$": "States.MathRandom(1, 100)", "u.$": "States.UUID()"},
                "End": True,
            }
        }
    )
    first, second = run_workflow(definition), run_workflow(definition)
    assert first.output == second.output
    assert 1 <= first.output["r"] < 100 and len(first.output["u"]) == 36


def test_bad_intrinsic_is_intrinsic_failure() -> None:
    definition = sm(
        {"P": {"Type": "Pass", "Parameters": {"v.$": "States.ArrayGetItem($.l, 5)"}, "End": True}}
    )
    run_workflow(definition, {"l": [1]}).assert_failed("States.IntrinsicFailure")


CHOICES = [
    ({"Variable": "$.s", "StringEquals": "abc"}, True),
    ({"Variable": "$.s", "StringEqualsPath": "$.s2"}, False),
    ({"Variable": "$.s", "StringLessThan": "abd"}, True),
    ({"Variable": "$.s", "StringGreaterThanEquals": "abc"}, True),
    ({"Variable": "$.s", "StringMatches": "a*c"}, True),
    ({"Variable": "$.star", "StringMatches": "log\\*"}, True),
    ({"Variable": "$.n", "NumericEquals": 5}, True),
    ({"Variable": "$.n", "NumericLessThanPath": "$.m"}, True),
    ({"Variable": "$.n", "NumericGreaterThan": 5}, False),
    ({"Variable": "$.n", "NumericLessThanEquals": 5.0}, True),
    ({"Variable": "$.s", "NumericEquals": 5}, False),  # wrong type is simply false
    ({"Variable": "$.b", "BooleanEquals": True}, True),
    ({"Variable": "$.b", "BooleanEqualsPath": "$.b"}, True),
    ({"Variable": "$.t", "TimestampLessThan": "2024-06-01T00:00:00Z"}, True),
    ({"Variable": "$.t", "TimestampEqualsPath": "$.t"}, True),
    ({"Variable": "$.t", "TimestampGreaterThanEquals": "2024-01-01T00:00:00+00:00"}, True),
    ({"Variable": "$.z", "IsNull": True}, True),
    ({"Variable": "$.missing", "IsPresent": False}, True),
    ({"Variable": "$.n", "IsNumeric": True}, True),
    ({"Variable": "$.b", "IsNumeric": True}, False),  # a boolean is not a number
    ({"Variable": "$.s", "IsString": True}, True),
    ({"Variable": "$.b", "IsBoolean": True}, True),
    ({"Variable": "$.t", "IsTimestamp": True}, True),
    ({"Variable": "$.s", "IsTimestamp": True}, False),
    (
        {
            "And": [
                {"Variable": "$.n", "NumericEquals": 5},
                {"Variable": "$.b", "BooleanEquals": False},
            ]
        },
        False,
    ),
    (
        {
            "Or": [
                {"Variable": "$.n", "NumericEquals": 4},
                {"Variable": "$.b", "BooleanEquals": True},
            ]
        },
        True,
    ),
    ({"Not": {"Variable": "$.s", "StringEquals": "abc"}}, False),
    ({"Variable": "$$.Execution.Name", "StringEquals": "execution"}, True),
]


@pytest.mark.parametrize(("rule", "matches"), CHOICES)
def test_choice_operators(rule: dict[str, Any], matches: bool) -> None:
    definition = sm(
        {
            "C": {"Type": "Choice", "Choices": [{**rule, "Next": "Yes"}], "Default": "No"},
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Succeed"},
        }
    )
    data = {
        "s": "abc",
        "s2": "abd",
        "star": "log*",
        "n": 5,
        "m": 6,
        "b": True,
        "t": "2024-03-01T12:00:00Z",
        "z": None,
    }
    execution = run_workflow(definition, data)
    execution.assert_path("C", "Yes" if matches else "No")
    rule_taken = execution.events("ChoiceMatched")[0]["rule"]
    assert rule_taken == (0 if matches else "Default")


def test_choice_variable_that_is_absent_fails_with_states_runtime() -> None:
    definition = sm(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.nope", "NumericEquals": 1, "Next": "D"}],
                "Default": "D",
            },
            "D": {"Type": "Succeed"},
        }
    )
    run_workflow(definition, {}).assert_failed("States.Runtime", "'$.nope'")


def test_choice_without_match_or_default_fails() -> None:
    definition = sm(
        {
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "D"}],
            },
            "D": {"Type": "Succeed"},
        }
    )
    run_workflow(definition, {"n": 2}).assert_failed("States.NoChoiceMatched")


def test_choice_rule_assign_and_default_assign() -> None:
    definition = sm(
        {
            "C": {
                "Type": "Choice",
                "Choices": [
                    {
                        "Variable": "$.n",
                        "NumericGreaterThan": 1,
                        "Next": "D",
                        "Assign": {"size": "big"},
                    }
                ],
                "Default": "D",
                "Assign": {"size": "small"},
            },
            "D": {"Type": "Pass", "Parameters": {"size.$": "$size"}, "End": True},
        }
    )
    run_workflow(definition, {"n": 2}).assert_succeeded(output={"size": "big"})
    run_workflow(definition, {"n": 0}).assert_succeeded(output={"size": "small"})


def test_task_failure_without_catch_fails_execution() -> None:
    definition = sm(
        {"T": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": True}}
    )
    execution = run_workflow(definition, {}, {"T": error("SNS.NotFound", "no topic")})
    execution.assert_failed("SNS.NotFound", "no topic")


def test_filter_wildcard_slice_and_descendant_paths_yield_lists() -> None:
    definition = sm(
        {
            "P": {
                "Type": "Pass",
                "End": True,
                "Parameters": {
                    "big.$": "$.items[?(@.n > 1)]",
                    "names.$": "$..name",
                    "ns.$": "$.items[*].n",
                    "first.$": "$.items[0:1]",
                    "fromContext.$": "$$.Execution.Input.items[*].n",
                },
            }
        }
    )
    items = [{"n": 1, "name": "a"}, {"n": 2, "name": "b"}]
    run_workflow(definition, {"items": items}).assert_succeeded(
        output={
            "big": [items[1]],
            "names": ["a", "b"],
            "ns": [1, 2],
            "first": [items[0]],
            "fromContext": [1, 2],
        }
    )
