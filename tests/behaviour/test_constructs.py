"""Each construct's golden workflow, executed: output, path of states and integration arguments.

A snapshot proves the ASL is stable; these prove it does what the Python says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flowdsl.testing import (
    error,
    lambda_payload,
    result,
    run_workflow,
    sequence,
    token_success,
)
from tests.behaviour.conftest import definition, run_case


def payload(value: Any) -> Any:
    return lambda_payload(value)


@pytest.mark.parametrize(
    ("order", "score", "label"),
    [
        ({}, {"value": 95, "flagged": False}, "A"),
        ({}, {"value": 95, "flagged": True, "name": "x"}, "B"),
        ({}, {"value": 10, "flagged": False, "name": "bonus"}, "B"),
        ({"override": "Z"}, {"value": 10, "name": "n"}, "Z"),
        ({"override": None, "placed": "2025-05-01T00:00:00Z"}, {"value": 1, "name": "n"}, "legacy"),
        ({"placed": "2026-05-01T00:00:00Z", "tags": ["t"]}, {"value": 1, "name": "n"}, "tagged"),
    ],
)
def test_choice_follows_python(order: dict, score: dict, label: str) -> None:
    execution = run_case("choice", order, {"score = grade": payload(score)})
    assert execution.status == "SUCCEEDED", execution.error
    assert execution.output == {"label": label, "score": score}


def test_choice_else_raises_fail() -> None:
    execution = run_case(
        "choice",
        {"placed": "2026-05-01T00:00:00Z", "tags": []},
        {"score = grade": payload({"value": 1, "name": "n"})},
    )
    assert execution.status == "FAILED"
    assert (execution.error, execution.cause) == ("Ungraded", "no rule matched")


def test_try_catch_paths() -> None:
    ok = run_case(
        "try_catch",
        {"id": 1},
        {"receipt = charge": payload({"amount": 5}), "Settle": payload(None)},
    )
    assert ok.output == {"receipt": {"amount": 5}, "settled": True}
    assert ok.arguments_of("Settle")[-1]["Payload"] == {"amount": 5}

    declined = run_case(
        "try_catch", {"id": 1}, {"receipt = charge": error("CardDeclined", "no funds")}
    )
    assert declined.output == {"status": "declined", "cause": "no funds"}

    timeout = run_case(
        "try_catch",
        {"id": 1},
        {
            "receipt = charge": error("States.Timeout", "slow"),
            "alerts.send_message": result({}),
        },
    )
    # receipt is None. Python raises at receipt["amount"]; JSONata reads a field of null as
    # nothing, and an assignment of nothing fails with States.QueryEvaluationError on AWS
    # (transforming-data.html), which `except Exception` catches: the same path as Python.
    assert timeout.output == {"receipt": None, "settled": False}
    assert "Settle" not in timeout.states_entered
    assert "Set receipt" not in timeout.states_entered  # the handler's assignment is the Catch's

    refund_fails = run_case(
        "try_catch",
        {"id": 1},
        {
            "receipt = charge": payload({"amount": 5}),
            "Settle": error("Lambda.Unknown", "boom"),
            "alerts.send_message": result({}),
        },
    )
    assert refund_fails.output == {"receipt": {"amount": 5}, "settled": False}
    message = refund_fails.arguments_of("alerts.send_message")[-1]["MessageBody"]
    assert message["Error"] == "Lambda.Unknown"

    # `receipt["amount"] + 1` fails to evaluate on a string: a Pass has no Catch, so under
    # `except Exception` it runs in a one-branch Parallel whose Catch hands the error on.
    bad_amount = run_case(
        "try_catch",
        {"id": 1},
        {"receipt = charge": payload({"amount": "five"}), "alerts.send_message": result({})},
    )
    assert bad_amount.output == {"receipt": {"amount": "five"}, "settled": False}
    message = bad_amount.arguments_of("alerts.send_message")[-1]["MessageBody"]
    assert message["Error"] == "States.QueryEvaluationError"
    assert bad_amount.arguments_of("Settle") == []


def test_raise_inside_a_try_is_caught_like_python() -> None:
    def reserve(stock: dict[str, Any], **more: Any) -> Any:
        return run_case("try_raise", {"id": 1}, {"stock = reserve": payload(stock), **more})

    assert reserve({"left": 1, "status": "ok"}).output == {"status": "reserved", "attempts": 1}
    # raise OutOfStock(...) jumps to its handler; attempts = 1 made before it survives.
    oversold = reserve({"left": -1, "status": "ok"})
    assert oversold.output == {"status": "out of stock", "attempts": 1, "cause": "oversold"}
    assert oversold.arguments_of("notify") == []
    # The same when reserve itself fails with OutOfStock: the Catch on its Task.
    failed = run_case("try_raise", {"id": 1}, {"stock = reserve": error("OutOfStock", "none")})
    assert failed.output == {"status": "out of stock", "attempts": 1, "cause": "none"}
    # An error name known only at run time is matched by a Choice against the handlers.
    invalid = reserve({"left": 0, "status": "Invalid"}, notify=payload(None))
    assert invalid.output == {"status": "invalid", "attempts": 1}
    uncaught = reserve({"left": 0, "status": "Weird"})
    assert (uncaught.status, uncaught.error, uncaught.cause) == (
        "FAILED",
        "Weird",
        "reserve said no",
    )
    # A bare raise in a handler with no try around it fails the execution with that error.
    reraised = reserve(
        {"left": 0, "status": "Invalid"},
        notify=error("Lambda.Unknown", "down"),
        Report=payload(None),
    )
    assert (reraised.status, reraised.error) == ("FAILED", "Lambda.Unknown")
    assert reraised.arguments_of("Report")[-1]["Payload"] == {"failed": "Lambda.Unknown"}


def test_retry_then_callback() -> None:
    execution = run_case(
        "retry_timeouts",
        {"deadline": 30},
        {
            "first = slow": sequence(error("States.Timeout"), payload("first")),
            "answer = jobs.send_message": token_success({"answer": 42}),
        },
    )
    assert execution.status == "SUCCEEDED", execution.error
    assert execution.output == {"answer": 42}
    args = execution.arguments_of("answer = jobs.send_message")[-1]
    assert args["MessageBody"]["job"] == "first"
    assert isinstance(args["MessageBody"]["token"], str) and args["MessageBody"]["token"]


def test_parallel_and_map() -> None:
    execution = run_case(
        "parallel_map",
        {"items": [1, 2, 3]},
        {
            "price": lambda args: {"Payload": args["Payload"] * 10 - 15},
            "ship": payload("ok"),
            "audit": payload("audited"),
        },
    )
    assert execution.status == "SUCCEEDED", execution.error
    # prices are [-5, 5, 15]; the comprehension keeps the positive ones, doubled.
    assert execution.output == {"prices": [10, 30], "shipped": "shipped"}
    shipped = [arguments["Payload"] for arguments in execution.arguments_of("ship")]
    assert sorted(shipped, key=lambda p: p["index"]) == [
        {"index": 0, "item": 1},
        {"index": 1, "item": 2},
        {"index": 2, "item": 3},
    ]


def test_while_loop_with_break_and_continue() -> None:
    states = [
        {"state": "RUNNING"},
        {"state": "PAUSED", "resumeAt": "2030-01-01T00:00:00Z"},
        {"state": "DONE"},
    ]
    execution = run_case(
        "loops_waits",
        {"interval": 1},
        {
            "status = poll": payload(states[0]),
            "status = poll 2": payload(states[1]),
        },
    )
    # attempt 1 waits and polls (PAUSED); attempt 2 waits until resumeAt and continues without
    # polling, so the loop would spin: attempts 3..11 stay PAUSED and the loop breaks at 11.
    assert execution.status == "SUCCEEDED", execution.error
    assert execution.output == {"attempts": 11, "status": states[1]}


def test_integrations_arguments() -> None:
    execution = run_case(
        "integrations",
        {"id": "o-1"},
        {
            "item = table.get_item": result({"Item": {"OrderId": {"S": "o-1"}}}),
            "table.put_item": result({}),
            "table.update_item": result({}),
            "table.delete_item": result({}),
            "topic.publish": result({"MessageId": "m"}),
            "bus.put_events": result({"Entries": []}),
            "child.start_execution": result({}),
            "result = child_flow": result({"Output": {"done": True}}),
        },
        name="Integrations",
    )
    assert execution.status == "SUCCEEDED", execution.error
    assert execution.output == {"item": {"OrderId": {"S": "o-1"}}, "child": {"done": True}}
    assert execution.arguments_of("topic.publish")[-1]["Message"] == "order o-1 done"
    entry = execution.arguments_of("bus.put_events")[-1]["Entries"][0]
    assert entry["EventBusName"] == "${OrdersEventBusName}" or entry["EventBusName"]
    assert execution.arguments_of("result = child_flow")[-1]["Input"] == {"id": "o-1"}


def test_expressions_evaluate_like_python() -> None:
    order = {
        "name": "ada",
        "lines": [{"price": 10, "qty": 2}, {"price": 100, "qty": 1}],
        "extra": {"k": 1},
    }
    execution = run_case("expressions", order, {})
    assert execution.status == "SUCCEEDED", execution.error
    out = execution.output
    total = 120
    assert out["greeting"] == "Hello ADA, you owe 120 plus 24 tax"  # JSON has no 24.0
    assert out["label"] == "big"
    assert out["count"] == 2 + 3 - 1
    assert out["first"] == order["lines"][0] and out["rest"] == order["lines"][1:]
    assert out["top"] == max(total, 10) // 3 % 2
    assert out["any"] is True
    assert out["keys"] == {"k": 1}


def test_distributed_maps_carry_outer_variables_and_batches() -> None:
    scored = "scores = [score for batch]"
    execution = run_case(
        "distributed",
        {"size": 64, "bucket": "in", "numbers": [5, 6]},
        {
            "Resize Images": result([{"Key": "a.png"}, {"Key": "b.png"}]),
            "resize": payload("ok"),
            scored: result([{"row": 1}, {"row": 2}, {"row": 3}]),
            "score": lambda args: {"Payload": len(args["Payload"])},
            "score 2": lambda args: {"Payload": args["Payload"]},
        },
    )
    assert execution.status == "SUCCEEDED", (execution.error, execution.cause)
    # Children of a Distributed Map see no outer variables: `size` travels in each item.
    assert sorted(a["Payload"]["key"] for a in execution.arguments_of("resize")) == [
        "a.png",
        "b.png",
    ]
    assert all(a["Payload"]["size"] == 64 for a in execution.arguments_of("resize"))
    assert execution.arguments_of(scored) != []
    assert execution.output["scores"] == [3]  # one batch of three rows
    assert execution.output["doubled"] == [
        {"n": 5, "i": 0, "size": 64},
        {"n": 6, "i": 1, "size": 64},
    ]


def test_http_task_activity_and_api_gateway() -> None:
    execution = run_case(
        "http_activity",
        {"id": "o-9"},
        {
            "Get Quote": result({"ResponseBody": {"price": 12}, "StatusCode": 200}),
            "decision = approval": result({"approved": True}),
            "return apigateway:invoke": result({"ResponseBody": {"ok": True}}),
        },
    )
    execution.assert_succeeded(output={"ResponseBody": {"ok": True}})
    assert execution.arguments_of("Get Quote")[0]["RequestBody"] == {"order": "o-9"}
    assert execution.arguments_of("decision = approval")[0] == {
        "order": {"id": "o-9"},
        "quote": {"price": 12},
    }
    assert execution.arguments_of("return apigateway:invoke")[0]["RequestBody"] == {
        "approved": True
    }


MERGE_INPUT = {"meta": {"a": 1}, "items": [1, 2], "more": [2, [3]], "drop": 1, "count": 1}


def test_merges_and_item_changes_follow_python() -> None:
    execution = run_case(
        "merges", MERGE_INPUT, {"Enrich": payload("E"), "Enrich Items": payload([5])}
    )
    assert execution.status == "SUCCEEDED", execution.error
    event = {
        "meta": {"a": 1, "seen": True},
        "items": [1, 2],
        "more": [2, [3]],
        "count": 2,
        "status": "new",
        "enriched": "E",
        "a": 1,
        "b": 2,
    }
    assert execution.output == {
        "event": event,
        # appended lists stay one item each, as in Python
        "items": ["first", [9, 9], 2, [3], {"last": True}],
        "merged": {**event, "x": "new", "y": 1},
        "both": {**event, "z": 3},
        "text": '{"k":"new","n":[1,2]}',
        "parsed": {"k": "new", "n": [1, 2]},
        "kinds": [True, True, False, True, True, False, False],
    }
    # The Task's result lands in the variable: the next call sees it.
    assert execution.arguments_of("Enrich Items")[0]["Payload"][-1] == [3]


def test_list_item_out_of_range_fails_as_python_does(tmp_path: Path) -> None:
    flow = tmp_path / "index.py"
    flow.write_text(
        "from flowdsl import workflow\n\n\n@workflow\ndef index(event):\n"
        "    items = event['items']\n    items[event['i']] = 'x'\n    return items\n"
    )
    ok = run_workflow(definition(flow), {"items": [1, 2], "i": -1}, {})
    assert ok.output == [1, "x"]
    failed = run_workflow(definition(flow), {"items": [1, 2], "i": 2}, {})
    assert (failed.status, failed.error) == ("FAILED", "States.QueryEvaluationError")


B1_FLOW = """\
from flowdsl import Function, States, parallel, workflow

fn = Function("fn")


@workflow
def returns_in_both_arms(order: dict):
    def branch():
        try:
            return fn(order)  # state: Call
        except States.ALL:
            return "failed"

    def other():
        if order["x"]:
            return 1
        else:
            return 2

    a, b = parallel(branch, other)
    return [a, b]
"""


def test_branch_returning_from_try_and_except_is_valid_asl(tmp_path: Path) -> None:
    # B1: no unreachable implicit `return None` after a try whose arms all return.
    flow = tmp_path / "b1.py"
    flow.write_text(B1_FLOW)
    document = definition(flow)
    ok = run_workflow(document, {"x": True}, {"Call": payload("done")})
    assert ok.output == ["done", 1]
    failed = run_workflow(document, {"x": False}, {"Call": error("Lambda.Unknown", "boom")})
    assert failed.output == ["failed", 2]


def test_invoke_gives_the_whole_lambda_response() -> None:
    handled = run_case("responses", {"id": 1}, {"Invoke": payload({"done": True})})
    assert handled.output == {"ok": {"done": True}, "version": "$LATEST"}
    assert handled.arguments_of("Invoke")[0]["Payload"] == {"id": 1}
    unhandled = {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": {}}
    failed = run_case("responses", {"id": 1}, {"Invoke": result(unhandled)})
    assert failed.output == {"failed": "Unhandled"}


LINES = [{"qty": 1, "sku": "a"}, {"qty": 0, "sku": "b"}, {"qty": 2, "sku": "c"}]


def test_loops_whose_bodies_branch_give_one_result_per_item() -> None:
    mocks = {
        "Check": sequence(payload("A"), error("Lambda.Unknown", "boom")),
        "Fix": payload("F"),
        "Check Again": sequence(payload("A2"), payload("C2")),
    }
    execution = run_case("branching_maps", {"lines": LINES, "discount": 5}, mocks)
    assert execution.status == "SUCCEEDED", execution.error
    assert execution.output == {
        "processed": ["A", {"fixed": "F"}, {"error": "c", "discount": 5}],
        "results": ["start", "A2", [0], "C2", [2]],
        "skipped": ["b"],
    }
    empty = run_case("branching_maps", {"lines": [], "discount": 0}, {})
    assert empty.output == {"processed": [], "results": ["start"], "skipped": []}


def test_bare_raise_and_fail_without_an_error() -> None:
    failing = {"Call": error("States.TaskFailed", "boom")}
    plain = {"retry": False, "stop": 0, "why": 0}
    reraised = run_case("reraise", plain, failing)
    assert (reraised.status, reraised.error, reraised.cause) == (
        "FAILED",
        "States.TaskFailed",
        "boom",
    )
    assert run_case("reraise", {**plain, "retry": True}, failing).output == "retry"
    stopped = run_case("reraise", {**plain, "stop": 1}, {"Call": result({})})
    assert (stopped.status, stopped.error, stopped.cause) == ("FAILED", None, None)
    why = run_case("reraise", {**plain, "why": 1}, {"Call": result({})})
    assert (why.status, why.error, why.cause) == ("FAILED", None, "because")


def _in_python(case: str, value: Any) -> Any:
    """What Python itself makes of a golden case whose body is plain Python: its body, run."""
    import ast

    from tests.behaviour.conftest import CASES

    source = (CASES / f"{case}.py").read_text()
    function = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef))
    function.decorator_list = []
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module([function], []), case, "exec"), namespace)
    return namespace[case](value)


@pytest.mark.parametrize(
    "values",
    [
        {
            "x": 3.14159,
            "n": 42,
            "neg": -7,
            "big": 1234567,
            "ratio": 0.1234,
            "s": "abc",
            "half": 0.5,
        },
        {"x": -0.125, "n": 0, "neg": -123456, "big": -1000, "ratio": 1, "s": "", "half": 1.5},
    ],
)
def test_format_specs_write_what_python_writes(values: dict[str, Any]) -> None:
    execution = run_case("format_specs", values, {})
    assert execution.output == _in_python("format_specs", values)


@pytest.mark.parametrize(
    "values",
    [
        {"xs": [0, 1, 2, 3, 4, 5, 6], "s": "hello"},
        {"xs": [], "s": ""},
        {"xs": [[9]], "s": "a"},
    ],
)
def test_slices_with_a_step_take_what_python_takes(values: dict[str, Any]) -> None:
    execution = run_case("slices", values, {})
    assert execution.output == _in_python("slices", values)


def test_http_task_with_invocation_config() -> None:
    # A private API's connection is named in InvocationConfig instead of Authentication; IAM
    # grants the same connection and its secret.
    import json

    from tests.conftest import CASES, compile_file

    compiled = compile_file(CASES / "http_private.py")
    state = compiled.workflows[0].definition["States"]["Get Private Quote"]
    assert state["Arguments"]["InvocationConfig"] == {
        "ConnectionArn": "arn:aws:events:eu-west-1:123456789012:connection/private-quotes/1"
    }
    policy = json.loads(compiled.files()["HttpPrivate/role-policy.json"])
    resources = {r for s in policy["Statement"] for r in s["Resource"]}
    assert "arn:aws:events:eu-west-1:123456789012:connection/private-quotes/1" in resources
    assert any("secret:events!connection/private-quotes/" in r for r in resources)
    execution = run_case("http_private", {"id": 7}, {"Get Private Quote": result({"ok": 1})})
    assert execution.arguments_of("Get Private Quote")[0]["RequestBody"] == {"order": 7}


INT_FLOW = """\
from flowdsl import workflow


@workflow
def ints(v: dict):
    try:
        return int(v["x"])
    except Exception as e:
        return e["Error"]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.7", "States.QueryEvaluationError"),  # Python: ValueError
        ("1e3", "States.QueryEvaluationError"),
        ("0x10", "States.QueryEvaluationError"),
        (" -42 ", -42),
        ("1_000", 1000),
        (3.7, 3),
        (-3.7, -3),
        (True, 1),
    ],
)
def test_int_takes_what_python_takes(tmp_path: Path, text: Any, expected: Any) -> None:
    flow = tmp_path / "ints.py"
    flow.write_text(INT_FLOW)
    assert run_workflow(definition(flow), {"x": text}, {}).output == expected
