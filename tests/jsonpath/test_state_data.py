"""JSONPath keeps the workflow's input in the state data where a hand-writer would
(ir/state_data.py): `event["x"] = fn.invoke(event)` is a Task with `ResultPath: "$.x"`, a
handler's `event["e"] = error` the Catch's `ResultPath`, and `return event` no state at all.
Each workflow runs in both query languages with the same answers (the JSONata form keeps
variables): same output, same calls."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.testing import StatesError, run_workflow
from tests.jsonpath.helpers import compile_as, definitions

FLOW = """\
from flowdsl import Function, States, wait, workflow

fn = Function("fn")
audit = Function("audit")


@workflow
def chain(event):
    event["first"] = fn.invoke(event)
    event["second"] = fn.invoke(event)
    return event


@workflow
def branches(event):
    event["check"] = fn.invoke(event)
    if event["check"]["StatusCode"] == 200:
        audit(event["check"])  # state: Audit
        event["done"] = fn.invoke(event)
    else:
        return {"bad": event["check"]}
    return event


@workflow
def caught(event):
    try:
        event["result"] = fn.invoke(event)
    except States.ALL as failure:
        event["failure"] = failure
    return event


@workflow
def caught_and_told(event):
    try:
        event["result"] = fn.invoke(event)
    except States.ALL as failure:
        event["failure"] = failure
        audit(failure)  # state: Tell
    return event


@workflow
def ends_waiting(event):
    event["first"] = fn.invoke(event)
    wait(seconds=1)


@workflow
def per_item(event):
    def handle(item):
        if item["n"] > 1:  # state: Big
            return fn.invoke(item)
        return {"small": item, "label": event["label"]}

    return [handle(item) for item in event["items"]]


@workflow
def reads_result(event):
    event["first"] = fn.invoke(event)
    code = event["first"]["StatusCode"]
    event["second"] = fn.invoke(event)
    return {"code": code, "event": event}
"""


def answer(arguments: Any) -> Any:
    """lambda:invoke's whole response; its Payload says what the call was given."""
    if arguments["Payload"].get("fail"):
        raise StatesError("Lambda.Unknown", "asked to fail")
    return {"StatusCode": 200 if arguments["Payload"].get("ok", True) else 500, "Payload": 1}


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    path: Path = tmp_path_factory.mktemp("flows") / "flows.py"
    path.write_text(FLOW, encoding="utf-8")
    out: dict[str, dict[str, Any]] = {}
    with pytest.MonkeyPatch.context() as monkeypatch:
        for language in ("JSONPath", "JSONata"):
            result = compile_as(path, language, monkeypatch)
            assert not result.diagnostics
            out[language] = definitions(result)
    return out


def run_both(forms: dict[str, dict[str, Any]], name: str, event: Any) -> dict[str, Any]:
    outcomes = {}
    for language, found in forms.items():
        calls: list[tuple[str, Any]] = []

        def mock(arguments: Any, call: Any, calls: list[tuple[str, Any]] = calls) -> Any:
            calls.append((call.state, arguments["Payload"]))
            return answer(arguments)

        definition = found[name]
        execution = run_workflow(
            definition,
            event,
            dict.fromkeys(tasks(definition), mock),
            substitutions={"FnFunctionArn": "f"},
        )
        snapshot = execution.snapshot()
        outcomes[language] = (
            {k: snapshot.get(k) for k in ("status", "output", "error")},
            calls,
        )
    assert outcomes["JSONPath"] == outcomes["JSONata"]
    return outcomes["JSONPath"][0]


def tasks(scope: dict[str, Any]) -> list[str]:
    """The Task states of a definition, those of Map iterations included."""
    found = []
    for name, body in scope["States"].items():
        if body["Type"] == "Task":
            found.append(name)
        if "ItemProcessor" in body:
            found += tasks(body["ItemProcessor"])
    return found


def states(forms: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    found: dict[str, Any] = forms["JSONPath"][name]["States"]
    return found


def test_each_result_lands_in_the_input(forms: dict[str, dict[str, Any]]) -> None:
    tasks = states(forms, "Chain")
    assert [body.get("ResultPath") for body in tasks.values()] == ["$.first", "$.second"]
    assert all(body["Parameters"]["Payload.$"] == "$" for body in tasks.values())
    assert "Assign" not in json.dumps(tasks)
    outcome = run_both(forms, "Chain", {"n": 1})
    assert outcome["output"] == {
        "n": 1,
        "first": {"StatusCode": 200, "Payload": 1},
        "second": {"StatusCode": 200, "Payload": 1},
    }


@pytest.mark.parametrize("event", [{"n": 1}, {"ok": False}])
def test_a_choice_reads_the_data_and_a_task_that_changes_nothing_keeps_it(
    forms: dict[str, dict[str, Any]], event: dict[str, Any]
) -> None:
    found = states(forms, "Branches")
    assert found["Audit"]["ResultPath"] is None  # ResultPath: null keeps the input
    # check, the Choice, Audit, done, and the else arm's return; `return event` is no state
    assert [body["Type"] for body in found.values()] == ["Task", "Choice", "Task", "Task", "Pass"]
    run_both(forms, "Branches", event)


@pytest.mark.parametrize("event", [{"n": 1}, {"fail": True}])
def test_a_handler_s_merge_is_the_catch_s_result_path(
    forms: dict[str, dict[str, Any]], event: dict[str, Any]
) -> None:
    task, handler = states(forms, "Caught").values()
    (rule,) = task["Catch"]
    assert handler == {"Type": "Pass", "End": True}  # a Catch needs a state to go to
    assert (task["ResultPath"], rule["ResultPath"]) == ("$.result", "$.failure")
    outcome = run_both(forms, "Caught", event)
    assert ("failure" in outcome["output"]) == ("fail" in event)


def test_a_map_iteration_reads_its_item_as_the_data(forms: dict[str, dict[str, Any]]) -> None:
    (loop,) = states(forms, "PerItem").values()
    processor = loop["ItemProcessor"]
    assert processor["StartAt"] == "Big"  # no state to bind the item
    assert processor["States"]["Big"]["Choices"][0]["Variable"] == "$.n"
    outcome = run_both(forms, "PerItem", {"items": [{"n": 1}, {"n": 2}], "label": "x"})
    assert outcome["output"] == [
        {"small": {"n": 1}, "label": "x"},
        {"StatusCode": 200, "Payload": 1},
    ]


@pytest.mark.parametrize("event", [{"n": 1}, {"fail": True}])
def test_the_error_stays_a_variable_where_it_is_read_again(
    forms: dict[str, dict[str, Any]], event: dict[str, Any]
) -> None:
    found = states(forms, "CaughtAndTold")
    (rule,) = next(iter(found.values()))["Catch"]
    assert (rule["ResultPath"], rule["Assign"]) == ("$.failure", {"failure.$": "$"})
    assert found["Tell"]["ResultPath"] is None
    run_both(forms, "CaughtAndTold", event)


@pytest.mark.parametrize("name", ["EndsWaiting", "ReadsResult"])
def test_left_in_variables_where_the_data_would_mean_otherwise(
    forms: dict[str, dict[str, Any]], name: str
) -> None:
    """A Wait that ends the workflow passes its input on as the output, and a value read
    after a later change of the dict is kept in a variable: both stay as they were."""
    found = states(forms, name)
    if name == "EndsWaiting":
        assert "ResultPath" not in json.dumps(found)
    run_both(forms, name, {"n": 1})
