"""The seed workflows compiled to JSONPath behave as their JSONata form does.

The behaviour tests of tests/behaviour/test_seeds.py are run again, unchanged, with `run_flow`
compiling to JSONPath: same mocks, same asserted outputs, paths and integration arguments.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tests.behaviour.test_seeds as seeds
from flowdsl.testing import Execution, run_workflow
from tests.conftest import FLOWS
from tests.jsonpath.helpers import compile_as

SEED_TESTS = sorted((name, test) for name, test in vars(seeds).items() if name.startswith("test_"))


@pytest.mark.parametrize("test", [t for _, t in SEED_TESTS], ids=[n for n, _ in SEED_TESTS])
def test_seed_behaves_the_same_in_jsonpath(
    test: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    def run_flow(flow: str, input: Any, mocks: dict[str, Any]) -> Execution:
        result = compile_as(FLOWS / f"{flow}.py", "JSONPath", monkeypatch)
        assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
        (workflow,) = result.workflows
        assert workflow.definition["QueryLanguage"] == "JSONPath"
        return run_workflow(workflow.definition, input, mocks)

    monkeypatch.setattr(seeds, "run_flow", run_flow)
    test()


# -- JSONPath against JSONata: same input, same mocks, same output and path ------------------

CASES_DIR = FLOWS.parent / "tests" / "jsonpath" / "cases"
ORDER = {
    "name": "Ada,B",
    "lines": [{"a": 1}, {"b": 2}, {"c": 3}],
    "extras": [1],
    "odd key": "o",
    "price": 12.5,
}


def _both(case: str, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], dict[str, Any]]:
    path = CASES_DIR / f"{case}.py"
    jsonata, jsonpath = (
        compile_as(path, language, monkeypatch).workflows[0].definition
        for language in ("JSONata", "JSONPath")
    )
    assert (jsonata["QueryLanguage"], jsonpath["QueryLanguage"]) == ("JSONata", "JSONPath")
    return jsonata, jsonpath


def _same(
    jsonata: dict[str, Any], jsonpath: dict[str, Any], input: Any, mocks: dict[str, Any]
) -> Execution:
    expected = run_workflow(jsonata, input, mocks)
    actual = run_workflow(jsonpath, input, mocks)
    assert actual.snapshot()["status"] == expected.snapshot()["status"]
    assert actual.snapshot().get("output") == expected.snapshot().get("output")
    # JSONata folds more assignments into their neighbours than JSONPath can, so the states
    # both definitions have are compared: entered in the same order.
    shared = _state_names(jsonata) & _state_names(jsonpath)
    assert _path(actual, shared) == _path(expected, shared)
    return actual


def _path(execution: Execution, names: set[str]) -> list[str]:
    return [
        e["state"]
        for e in execution.snapshot()["trace"]
        if e["event"] == "StateEntered" and e["state"] in names
    ]


def _state_names(scope: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for name, state in scope["States"].items():
        names.add(name)
        for inner in [*state.get("Branches", []), state.get("ItemProcessor")]:
            if inner:
                names |= _state_names(inner)
    return names


def test_values_match_jsonata(monkeypatch: pytest.MonkeyPatch) -> None:
    jsonata, jsonpath = _both("values", monkeypatch)
    execution = _same(jsonata, jsonpath, ORDER, {})
    output = execution.snapshot()["output"]
    assert output["greeting"] == "Hello Ada,B, you have 3 items {braces} 'quoted' \\ done"
    assert output["last"] == {"c": 3} and output["pick"] == {"b": 2}
    assert output["nested"] == {
        "who": {"name": "Ada,B", "n": 1},
        "list": [1, 2],
        "items": [{"k": "Ada,B", "v": [3]}],
    }
    assert output["pair"] == ["Ada,B", 3, "fixed", None, True] and output["has"] is True


GRADE = "score = grade"


@pytest.mark.parametrize(
    ("order", "score", "label"),
    [
        ({"name": "n"}, {"value": 95, "flagged": False}, "A"),
        ({"name": "n"}, {"value": 95, "flagged": True, "name": "a", "alias": "a"}, "B"),
        ({"name": "n", "override": "Z", "level": 2}, {"value": 1, "name": "a", "alias": "b"}, "Z"),
        (
            {"name": "n", "override": None, "level": 2, "placed": "2025-05-01T00:00:00Z"},
            {"value": 1, "name": 1, "alias": 2},
            "legacy",
        ),
        (
            {"name": "a vip", "override": None, "level": 3, "placed": "2027-01-01T00:00:00Z"},
            {"value": 1, "name": 1, "alias": 2},
            "special",
        ),
        (
            {"name": "x*y", "override": None, "level": 3, "placed": "2027-01-01T00:00:00Z"},
            {"value": 1, "name": 1, "alias": 2},
            "special",
        ),
        (
            {
                "name": "n",
                "kind": "gold",
                "override": None,
                "level": 3,
                "placed": "2027-01-01T00:00:00Z",
            },
            {"value": 1, "name": 1, "alias": 2},
            "special",
        ),
        (
            {
                "name": "n",
                "kind": "tin",
                "override": None,
                "level": 3,
                "flag": False,
                "ratio": 2,
                "placed": "2027-01-01T00:00:00Z",
            },
            {"value": 1, "name": 1, "alias": 2, "ratio": 1},
            "flagged",
        ),
        (
            {
                "name": "n",
                "kind": "tin",
                "override": None,
                "level": 3,
                "flag": False,
                "ratio": 0,
                "notes": ["x"],
                "placed": "2027-01-01T00:00:00Z",
            },
            {"value": 1, "name": 1, "alias": 2, "ratio": 1},
            "noted",
        ),
    ],
)
def test_conditions_match_jsonata(
    order: dict[str, Any], score: dict[str, Any], label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowdsl.testing import lambda_payload

    jsonata, jsonpath = _both("conditions", monkeypatch)
    order = {**order, "status": "DONE", "tags": []}  # JSONPath fails on a missing field
    execution = _same(jsonata, jsonpath, order, {GRADE: lambda_payload(score)})
    assert execution.snapshot()["output"]["label"] == label


def test_fail_paths_match_jsonata(monkeypatch: pytest.MonkeyPatch) -> None:
    from flowdsl.testing import result, token_success

    jsonata, jsonpath = _both("fields", monkeypatch)
    order = {
        "id": "o-1",
        "deadline": 60,
        "delay": 0,
        "when": "2020-01-01T00:00:00Z",
        "give_up": True,
        "error": "GaveUp",
    }
    mocks = {"notify": result({}), "answer = jobs.send_message": token_success({"Result": 7})}
    execution = _same(jsonata, jsonpath, order, mocks)
    assert execution.snapshot()["status"] == "FAILED"
    expected = run_workflow(jsonpath, {**order, "give_up": False}, mocks)
    assert expected.snapshot()["output"] == 7


def test_loops_match_jsonata(monkeypatch: pytest.MonkeyPatch) -> None:
    jsonata, jsonpath = _both("loop", monkeypatch)

    def echo(arguments: dict[str, Any]) -> Any:
        return {"Payload": arguments["Payload"], "StatusCode": 200}

    execution = _same(
        jsonata, jsonpath, {"pause": 0, "numbers": [4, 5]}, {"echo": echo, "echo 2": echo}
    )
    assert execution.snapshot()["output"] == {
        "echoed": [{"n": 4, "pause": 0}, {"n": 5, "pause": 0}],
        "count": 2,
    }


MERGE_EVENT = {"meta": {"a": 1}, "items": [1]}


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("s", "str"),
        (3, "number or None"),
        (None, "number or None"),
        (True, "number or None"),
        ([1], "not bool"),
        (False, "number or None"),
    ],
)
def test_merges_and_type_tests_match_jsonata(
    value: Any, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flowdsl.testing import lambda_payload

    jsonata, jsonpath = _both("changes", monkeypatch)
    mocks = {"Enrich": lambda_payload({"e": 1})}
    execution = _same(jsonata, jsonpath, {**MERGE_EVENT, "value": value}, mocks)
    output = execution.snapshot()["output"]
    event = {
        **MERGE_EVENT,
        "meta": {"a": 1, "seen": True},
        "value": value,
        "status": "new",
        "enriched": {"e": 1},
        "a": 1,
        "b": "new",
    }
    assert output == {
        "event": event,
        "merged": {**event, "x": "new", "y": 1},
        "both": {**event, "z": 3},
        "text": '{"k":"new","n":[1,2]}',
        "parsed": {"k": "new", "n": [1, 2]},
        "kind": kind,
    }


B2_FLOW = """\
from flowdsl import EventBus, workflow

bus = EventBus("orders")


@workflow(query_language="JSONPath")
def announce(order: dict):
    bus.put_events(  # state: Announce
        Entries=[{"Source": "shop", "DetailType": "Order", "Detail": order["detail"]}]
    )
    return [{"bus": bus, "d": order["detail"]}, {"id": f"{bus}-{order['id']}"}, 1]
"""


def test_placeholders_inside_lists_of_objects_stay_substitutable(tmp_path: Path) -> None:
    # B2: a list holding a dict with a computed value is a template array (each object's
    # `.$` keys evaluated), so ${OrdersEventBusName} stays plain JSON for CloudFormation, and
    # IAM names the one bus. Inside an intrinsic, a placeholder is not escaped either.
    from flowdsl.compiler import compile_paths

    flow = tmp_path / "announce.py"
    flow.write_text(B2_FLOW)
    result = compile_paths([flow], tmp_path)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    (workflow,) = result.workflows
    states = workflow.definition["States"]
    assert states["Announce"]["Parameters"] == {
        "Entries": [
            {
                "EventBusName": "${OrdersEventBusName}",
                "Source": "shop",
                "DetailType": "Order",
                "Detail.$": "$.detail",  # the input, read where it is bound
            }
        ]
    }
    assert "$\\{" not in json.dumps(workflow.definition)
    policy = json.loads(result.files()["Announce/role-policy.json"])
    assert policy["Statement"][0]["Resource"] == [
        "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/orders"
    ]
    execution = run_workflow(
        workflow.definition,
        {"detail": {"k": 1}, "id": "o1"},
        {"Announce": {"result": {}}},
        substitutions={"OrdersEventBusName": "orders"},
    )
    assert execution.arguments_of("Announce")[0]["Entries"][0]["EventBusName"] == "orders"
    assert execution.output == [{"bus": "orders", "d": {"k": 1}}, {"id": "orders-o1"}, 1]


B3_FLOW = """\
from flowdsl import workflow


@workflow(query_language="JSONPath")
def texts(order: dict):
    items = [order["a"], 2]
    info = {"id": order["id"]}
    return {
        "items": str(items),
        "info": f"info: {info}",
        "constant": str([1, "x"]),
        "unknown": f"{order['obj']}",
    }
"""


def test_text_of_lists_and_dicts(tmp_path: Path) -> None:
    # B3: str()/f-strings of a known list or dict are JSON text (States.JsonToString), as in
    # the JSONata form; a value of unknown type goes through States.Format, which writes an
    # object as AWS does, {k=v} (a documented difference).
    from flowdsl.compiler import compile_paths

    flow = tmp_path / "texts.py"
    flow.write_text(B3_FLOW)
    (workflow,) = compile_paths([flow], tmp_path).workflows
    assert "States.JsonToString($items)" in json.dumps(workflow.definition)
    execution = run_workflow(workflow.definition, {"a": "x", "id": 7, "obj": {"k": [1, "v"]}})
    assert execution.output == {
        "items": '["x",2]',
        "info": 'info: {"id":7}',
        "constant": '[1,"x"]',
        "unknown": "{k=[1, v]}",
    }


def test_function_per_item_matches_jsonata(monkeypatch: pytest.MonkeyPatch) -> None:
    from flowdsl.testing import error, lambda_payload, sequence

    jsonata, jsonpath = _both("per_item", monkeypatch)
    lines = [{"qty": 1, "sku": "a"}, {"qty": 0, "sku": "b"}, {"qty": 2, "sku": "c"}]
    mocks = {
        "Check": sequence(lambda_payload("A"), error("Lambda.Unknown", "boom")),
        "Fix": lambda_payload("F"),
    }
    execution = _same(jsonata, jsonpath, {"lines": lines, "discount": 5}, mocks)
    assert execution.snapshot()["output"] == ["A", {"fixed": "F"}, {"error": "c", "discount": 5}]


@pytest.mark.parametrize(
    ("order", "label"),
    [
        ({"items": [1], "kind": "a", "kinds": ["a"]}, "some"),
        ({"items": [], "kind": "a", "kinds": ["a"]}, "none"),
        ({"items": [1], "kind": "b", "kinds": ["a"]}, "other"),
    ],
)
def test_conditions_on_computed_values_match_jsonata(
    order: dict[str, Any], label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # len(x) > 0 and x in a list known at run time: JSONPath binds them in a Pass first.
    from flowdsl.testing import lambda_payload, results

    jsonata, jsonpath = _both("computed_conditions", monkeypatch)
    assert jsonpath["States"]['if len(items) > 0 and order["kind"] in kinds values']["Assign"] == {
        "__value1.$": "States.ArrayLength($items)",
        "__value2.$": "States.ArrayContains($kinds, $order.kind)",
    }
    mocks = {
        "Poll": lambda_payload({"pending": [1, 2]}),
        "Poll Again": results(
            {"Payload": {"pending": [1, 2]}, "StatusCode": 200},
            {"Payload": {"pending": [1]}, "StatusCode": 200},
        ),
    }
    expected, actual = (run_workflow(d, order, mocks) for d in (jsonata, jsonpath))
    assert actual.output == expected.output == {"label": label, "status": {"pending": [1]}}
    # The same path through the states both have (JSONPath adds the Pass before each Choice
    # that binds its values, and folds differently).
    shared = _state_names(jsonata) & _state_names(jsonpath)
    assert _path(actual, shared) == _path(expected, shared)


@pytest.mark.parametrize(
    ("page", "label"),
    [
        ({"NextToken": None}, "more"),
        ({"last": 1}, "done"),
        ({}, "text without 'last'"),
        ("a NextToken b", "more"),
        ("the last page", "done"),
        ("first", "text without 'last'"),
    ],
)
def test_key_of_a_value_of_unknown_type_matches_jsonata(
    page: Any, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `"k" in x`, x of unknown type: IsPresent for a dict, StringMatches for a str (as
    # `flowdsl import` writes a nested IsPresent).
    jsonata, jsonpath = _both("keys", monkeypatch)
    assert jsonpath["States"]["More?"]["Choices"][0]["Or"] == [
        {"Variable": "$.page.NextToken", "IsPresent": True},
        {
            "And": [
                {"Variable": "$.page", "IsString": True},
                {"Variable": "$.page", "StringMatches": "*NextToken*"},
            ]
        },
    ]
    execution = _same(jsonata, jsonpath, {"page": page, "items": [], "note": ""}, {})
    assert execution.snapshot()["output"] == {"label": label}


@pytest.mark.parametrize(
    ("note", "label"), [("so urg* now", "urgent"), ("urgent", "done"), ({"urg*": 1}, "done")]
)
def test_isinstance_before_and_makes_in_a_substring_test(
    note: Any, label: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonata, jsonpath = _both("keys", monkeypatch)
    # A substring test (StringMatches), not the key-or-substring rule of a value of unknown type.
    assert jsonpath["States"]["Urgent?"]["Choices"][0]["And"][1] == {
        "Variable": "$order.note",
        "StringMatches": "*urg\\**",
    }
    order = {"page": {"last": 1}, "items": [], "note": note}
    execution = _same(jsonata, jsonpath, order, {})
    assert execution.snapshot()["output"] == {"label": label}


def test_key_of_a_list_of_unknown_type_is_false_in_jsonpath(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The documented difference: no Choice rule tests a list's items, so a list matches no key.
    jsonata, jsonpath = _both("keys", monkeypatch)
    order = {"page": ["NextToken", "last"], "items": [1], "note": ""}
    assert run_workflow(jsonata, order, {}).snapshot()["output"] == {"label": "more"}
    assert run_workflow(jsonpath, order, {}).snapshot()["output"] == {
        "label": "text without 'last'"
    }


def test_str_of_uuid4_is_a_random_uuid_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    from flowdsl.testing import result

    jsonata, jsonpath = _both("uuids", monkeypatch)
    assert "States.UUID()" in json.dumps(jsonpath) and "$uuid()" in json.dumps(jsonata)
    version4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
    for definition in (jsonata, jsonpath):
        execution = run_workflow(definition, {"id": "o-1"}, {"jobs.send_message": result({})})
        output = execution.snapshot()["output"]
        assert version4.match(output["id"]) and version4.match(output["again"])
        assert output["id"] != output["again"]
        (call,) = execution.arguments_of("jobs.send_message")
        assert call["MessageBody"] == {"id": output["id"], "order": "o-1"}


def test_map_results_set_an_item_of_a_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    # `order["scores"] = [process(x) for x in ...]`: the Map's Assign sets the item (an inline
    # Map, and a Distributed Map in batches of two).
    from flowdsl.testing import lambda_payload

    jsonata, jsonpath = _both("item_maps", monkeypatch)
    assert set(jsonpath["States"]['order["scores"] = [process for x]']["Assign"]) == {"order.$"}
    mocks = {"return score": lambda_payload("inline"), "return score 2": lambda_payload("batch")}
    order = {"id": 7, "lines": [1, 2, 3]}
    execution = _same(jsonata, jsonpath, order, mocks)
    assert execution.snapshot()["output"] == {
        **order,
        "scores": ["inline"] * 3,
        "batches": ["batch"] * 2,
    }


def test_context_values_that_are_no_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    # `$$.Execution` is an object and `$$.Execution.Input` any JSON value: they can be merged
    # and indexed; RoleArn and RedriveCount have attributes of their own.
    jsonata, jsonpath = _both("context_values", monkeypatch)
    execution = _same(jsonata, jsonpath, {"id": 7}, {})
    output = execution.snapshot()["output"]
    assert output["input"] == {"id": 7, "seen": True}
    assert output["role"].startswith("arn:aws:iam::") and output["redrives"] == 0
    assert output["name"] == "execution"


def test_a_handler_sees_the_values_from_before_the_failing_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # In the except, `data` may still be the input: the update's result fields are not assumed
    # (no FD162 for reading or setting another field).
    from flowdsl.testing import error, result

    jsonata, jsonpath = _both("handler_values", monkeypatch)
    failing = {
        "data = aws.dynamodb.update_item": error(
            "DynamoDB.ConditionalCheckFailedException", "taken"
        )
    }
    order = {"id": "a", "lock": {"owner": "b"}}
    execution = _same(jsonata, jsonpath, order, failing)
    error = {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "taken"}
    assert execution.snapshot()["output"] == {"id": "a", "lock": {"owner": "b", "error": error}}
    updated = {"data = aws.dynamodb.update_item": result({"Attributes": {"n": {"N": "1"}}})}
    execution = _same(jsonata, jsonpath, order, updated)
    assert execution.snapshot()["output"] == {"Attributes": {"n": {"N": "1"}}}
