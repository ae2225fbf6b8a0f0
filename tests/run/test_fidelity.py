"""The runner's answer is AWS's answer: JSONata corrections, undefined values, and the run bounds."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.run import RunOptions
from flowdsl.testing import result, run_workflow


def jsonata_machine(*states: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    return {"QueryLanguage": "JSONata", "StartAt": states[0][0], "States": dict(states)}


def output_machine(state: str, expression: str) -> dict[str, Any]:
    """A JSONata machine of one Pass state whose Output is `expression`."""
    return jsonata_machine(
        (state, {"Type": "Pass", "Output": "{% " + expression + " %}", "End": True})
    )


def evaluate(expression: str, data: Any = None) -> Any:
    definition = jsonata_machine(
        ("P", {"Type": "Pass", "Output": {"v": "{% " + expression + " %}"}, "End": True})
    )
    execution = run_workflow(definition, data or {})
    assert execution.status == "SUCCEEDED", execution.cause
    return execution.output["v"]


# -- JSONata as JavaScript evaluates it (flowdsl.run.jsonata_compat) ------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # JavaScript's % keeps the fraction and the sign of the dividend.
        ("7.5 % 2", 1.5),
        ("-7.5 % 2", -1.5),
        ("7 % -2", 1),
        # String.prototype.toLowerCase leaves ß alone; toUpperCase makes it SS.
        ('$lowercase("ß")', "ß"),
        ('$lowercase("ÀÉÎ")', "àéî"),
        ('$uppercase("ß")', "SS"),
        # JSONata counts code points (Array.from): an emoji is one character.
        ('$length("😀a")', 2),
        ('$substring("😀ab", 1, 1)', "a"),
        # ...but orders strings by UTF-16 code units, as JavaScript's < does: U+FFFD sorts after
        # U+1F600 (a surrogate pair starting 0xD83D); by code points it would sort before.
        ('"\ufffd" > "😀"', True),
        ('$sort(["\ufffd", "😀", "a"])', ["a", "😀", "\ufffd"]),
        ('$sort(["b", "a"])', ["a", "b"]),
    ],
)
def test_jsonata_matches_javascript(expression: str, expected: Any) -> None:
    assert evaluate(expression) == expected


def test_modulo_by_zero_is_a_query_evaluation_error() -> None:
    definition = jsonata_machine(("P", {"Type": "Pass", "Output": "{% 1 % 0 %}", "End": True}))
    run_workflow(definition).assert_failed("States.QueryEvaluationError")


# -- an expression that evaluates to nothing ----------------------------------------------------


@pytest.mark.parametrize(
    "state",
    [
        {"Type": "Pass", "Output": "{% $states.input.missing %}", "End": True},
        {"Type": "Pass", "Output": {"a": {"b": ["{% $states.input.missing %}"]}}, "End": True},
        {"Type": "Pass", "Assign": {"x": "{% $states.input.missing %}"}, "End": True},
        {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f", "Payload": "{% $states.input.missing %}"},
            "End": True,
        },
    ],
    ids=["Output", "nested Output field", "Assign", "Arguments field"],
)
def test_a_field_evaluating_to_nothing_fails_the_state(state: dict[str, Any]) -> None:
    mocks = {"S": result({})} if state["Type"] == "Task" else {}
    execution = run_workflow(jsonata_machine(("S", state)), {"present": 1}, mocks)
    execution.assert_failed(
        "States.QueryEvaluationError",
        "The JSONata expression '$states.input.missing' returned nothing (undefined).",
    )


def test_moto_agrees_that_a_nested_field_evaluating_to_nothing_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """moto's engine (LocalStack's) validates every {% %} result; it ships no JSONata evaluator,
    so the witness lends it jsonata-python for the evaluation itself."""
    import jsonata
    from moto.stepfunctions.parser.asl.component.common.string import string_expression
    from moto.stepfunctions.parser.asl.jsonata import validations

    from tests.run.conftest import moto_execute

    def evaluate_in_moto(expression: str) -> Any:
        return jsonata.Jsonata(expression).evaluate(None)

    monkeypatch.setattr(string_expression, "eval_jsonata_expression", evaluate_in_moto)
    monkeypatch.setattr(validations, "eval_jsonata_expression", evaluate_in_moto)
    definition = jsonata_machine(
        (
            "P",
            {"Type": "Pass", "Output": {"a": "{% $states.input.missing %}"}, "End": True},
        )
    )
    witness = moto_execute(definition, {"present": 1})
    assert witness["status"] == "FAILED"
    assert witness["error"] == "States.QueryEvaluationError"
    ours = run_workflow(definition, {"present": 1})
    ours.assert_failed("States.QueryEvaluationError", "returned nothing")
    present = jsonata_machine(
        ("P", {"Type": "Pass", "Output": {"a": "{% $states.input.present %}"}, "End": True})
    )
    assert moto_execute(present, {"present": 1})["output"] == {"a": 1}
    assert run_workflow(present, {"present": 1}).output == {"a": 1}


# -- bounds (flowdsl.run.bounds) --------------------------------------------------------------


def test_retries_count_toward_the_transition_bound() -> None:
    failing = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}
    retrier = {"ErrorEquals": ["E"], "MaxAttempts": 99_999_999, "BackoffRate": 1}
    definition = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Branches": [failing], "Retry": [retrier], "End": True}
        },
    }
    execution = run_workflow(definition, options=RunOptions(max_transitions=100))
    execution.assert_failed("States.Runtime", "more than 100 states, retries included")
    # 1 state + 1 branch state per attempt, plus each retry: the bound stops it after ~33 attempts
    assert sum(1 for e in execution.trace if e["event"] == "RetryScheduled") < 50


def test_expression_budget_names_the_state_and_the_expression() -> None:
    definition = jsonata_machine(
        (
            "Spin",
            {
                "Type": "Pass",
                "Output": "{% ($f := function($x){ $f($x + 1) }; $f(0)) %}",
                "Catch": [],
                "End": True,
            },
        )
    )
    execution = run_workflow(definition, options=RunOptions(max_expression_steps=1000))
    execution.assert_failed("flowdsl.BoundExceeded", "state 'Spin'")
    assert "($f := function($x){ $f($x + 1) }; $f(0))' took more than 1,000" in execution.cause


def test_no_catch_handles_a_blown_bound() -> None:
    loop = {
        "Type": "Parallel",
        "Branches": [
            {
                "StartAt": "Spin",
                "States": {
                    "Spin": {
                        "Type": "Pass",
                        "Output": "{% $count($map([1..10000], function($v){ $v })) %}",
                        "End": True,
                    }
                },
            }
        ],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
        "End": True,
    }
    definition = jsonata_machine(("P", loop), ("Caught", {"Type": "Succeed"}))
    execution = run_workflow(definition, options=RunOptions(max_expression_steps=100))
    execution.assert_failed("flowdsl.BoundExceeded")


def test_recursion_is_stopped_before_python_runs_out_of_stack() -> None:
    definition = jsonata_machine(
        (
            "Deep",
            {
                "Type": "Pass",
                "Output": "{% ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000)) %}",
                "End": True,
            },
        )
    )
    run_workflow(definition).assert_failed("flowdsl.BoundExceeded", "evaluations deep")
    # moderate recursion is fine
    assert evaluate("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(300))") == 300


def test_catastrophic_regex_is_stopped_by_the_regex_timeout() -> None:
    definition = jsonata_machine(
        (
            "R",
            {
                "Type": "Pass",
                "Output": '{% $match($pad("", 600, "a"), /(.*a){20}b/) %}',
                "End": True,
            },
        )
    )
    run_workflow(definition).assert_failed("flowdsl.BoundExceeded", "regular expression")
    assert evaluate('$match("abc", /b(c)/).groups') == ["c"]
    assert evaluate('$replace("a-b-c", /-/, "+")') == "a+b+c"
    assert evaluate('$split("a1b22c", /[0-9]+/)') == ["a", "b", "c"]
    assert evaluate('$contains("Hello", /l+/i)') is True


def test_range_function_is_bounded_before_it_allocates() -> None:
    definition = jsonata_machine(
        ("R", {"Type": "Pass", "Output": "{% $count($range(1, 1e12, 1)) %}", "End": True})
    )
    run_workflow(definition).assert_failed("States.QueryEvaluationError", "10,000,000 items")
    assert evaluate("$range(0, 10, 5)") == [0, 5, 10]


def test_an_output_over_256_kib_fails_with_data_limit_exceeded() -> None:
    definition = jsonata_machine(
        ("Big", {"Type": "Pass", "Output": "{% $pad('', 300000, 'x') %}", "Next": "After"}),
        ("After", {"Type": "Succeed"}),
    )
    execution = run_workflow(definition)
    execution.assert_failed("States.DataLimitExceeded", "'Big'")
    assert "After" not in [e.get("state") for e in execution.trace]
    # just under the quota is fine
    definition["States"]["Big"]["Output"] = "{% $pad('', 200000, 'x') %}"
    run_workflow(definition).assert_succeeded()


# -- memory within one evaluation (MAX_VALUE_SIZE, flowdsl.run.jsonata_bounded) -----------------


@pytest.mark.parametrize(
    ("expression", "said"),
    [
        # A string doubled forty times: each step is cheap, the value is not.
        (
            '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("x", 40))',
            "characters",
        ),
        ('$pad("x", 1e11)', "$pad: a string"),
        ('$pad("x", -1e11)', "$pad: a string"),
        ('($b := $pad("", 1000000, "x"); $join([1..100].($b)))', "$join: a string"),
        ('($b := $pad("", 1000000, "x"); $string([1..100].($b)))', "$string: JSON text"),
        ('($b := $pad("", 1000000, "x"); [1..100].($b) & "")', "&: JSON text"),
        ('$replace($pad("", 1000000, "x"), "x", "0123456789ab")', "$replace: a string"),
        ('$replace($pad("", 200000, "x"), /x/, $join([1..60].("$0")))', "$replace: a string"),
        ("$append([1..10000000], [1..10000000])", "10,000,000 items"),
    ],
)
def test_a_value_too_large_for_memory_is_stopped(expression: str, said: str) -> None:
    definition = output_machine("Grow", "$length($string(" + expression + "))")
    execution = run_workflow(definition)
    execution.assert_failed("flowdsl.BoundExceeded", said)
    assert "state 'Grow'" in execution.cause and expression[:40] in execution.cause


def test_values_under_the_size_bound_are_made() -> None:
    assert evaluate('$length($pad("", 5000000, "x") & $pad("", 5000000, "y"))') == 10_000_000
    assert evaluate('$length($join([1..1000].($pad("", 1000, "x"))))') == 1_000_000
    assert evaluate("$count([1..10000000])") == 10_000_000


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        # JSONata replaces the first `limit` matches in one pass (docs.jsonata.org/string-functions).
        ('$replace("abcabc", "b", "<$0$$>")', "a<b$>ca<b$>c"),
        ('$replace("aaa", "a", "aa", 2)', "aaaaa"),
        ('$replace("aaa", /a/, "aa", 2)', "aaaaa"),
        ('$replace("aaa", "a", "b", 0)', "aaa"),
        ('$replace("a1b2", /(\\d)/, "#$1", 1)', "a#1b2"),
        # $12 with two groups is $1 then "2"; a group that took no part is empty.
        ('$replace("a1b2", /(\\d)(x)?/, "#$1$2$12$")', "a#112$b#222$"),
        ('$replace("xyx", /x/, function($m){$uppercase($m.match)})', "XyX"),
        ('$replace("xyx", "x", function($m){$m.match & $string($m.index)}, 1)', "x0yx"),
        ('$replace("John Smith", /(\\w+)\\s(\\w+)/, "$2, $1")', "Smith, John"),
    ],
)
def test_replace_as_jsonata_defines_it(expression: str, expected: str) -> None:
    assert evaluate(expression) == expected


def test_replace_of_a_literal_pattern_is_linear() -> None:
    # jsonata-python slices the rest of the string at every match: minutes for this one.
    assert evaluate('$length($replace($pad("", 1000000, "x"), "x", "y"))') == 1_000_000
    # and a regex with a huge limit no longer loops `limit` times
    assert evaluate('$replace("abc", /b/, "[$0]", 1000000000)') == "a[b]c"


def test_an_output_sharing_one_long_string_fails_without_being_written() -> None:
    definition = output_machine("Big", '($b := $pad("", 1000000, "x"); [1..5000].($b))')
    run_workflow(definition).assert_failed("States.DataLimitExceeded", "'Big'")


def test_many_values_under_the_size_bound_are_stopped_by_the_memory_bound() -> None:
    # five thousand different strings of a million characters: 5 GB if nothing stopped it
    definition = output_machine("Many", '[1..5000].($pad("", 1000000, "x"))')
    run_workflow(definition).assert_failed("flowdsl.BoundExceeded", "MiB of memory")


@pytest.mark.parametrize(
    ("value", "limit", "exceeds"),
    [
        (0, 10, False),
        (None, 0, True),
        ("abc", 5, False),  # "abc" is 5 characters of JSON
        ("abcd", 5, True),
        ({"k": [1, "xy"]}, 14, False),  # {"k":[1,"xy"]} is 14
        ({"k": [1, "xy"]}, 8, True),
        (["x" * 1000] * 1000, 999_999, True),  # a million characters from one shared string
    ],
)
def test_json_size_is_a_lower_bound_found_without_writing(
    value: Any, limit: int, exceeds: bool
) -> None:
    from flowdsl.run.text_size import json_size_exceeds

    assert json_size_exceeds(value, limit) is exceeds
