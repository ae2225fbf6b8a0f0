"""Witness: moto's Step Functions interpreter runs the JSONPath form of two seed workflows.

moto resolves `$variable` paths through its JSONata hook and ships no JSONata evaluator
(RECIPES.md), so the hook is pointed at jsonata-python for these tests: for the plain reference
paths flowdsl writes (`$order.Price`), JSONata and JSONPath select the same node. Everything
else (Parameters, intrinsics, Choice rules, Catch, Parallel, OutputPath, the services' effects)
is moto's own. Lambda without Docker echoes its input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FLOWS
from tests.jsonpath.helpers import compile_as
from tests.moto_witness import MOTO_CONFIG, echo_functions, execute_in_moto
from tests.seeds import BOOKSTORE_FUNCTIONS

REGION = "us-east-1"


def _definition(flow: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    result = compile_as(FLOWS / f"{flow}.py", "JSONPath", monkeypatch)
    assert not result.diagnostics
    (workflow,) = result.workflows
    return workflow.definition


def _execute(
    definition: dict[str, Any], values: dict[str, str], execution_input: Any
) -> tuple[dict[str, Any], list[str]]:
    return execute_in_moto(definition, values, execution_input)


@pytest.fixture
def moto(monkeypatch: pytest.MonkeyPatch) -> Any:
    import jsonata
    from moto import mock_aws
    from moto.stepfunctions.parser.asl.jsonata import jsonata as moto_jsonata

    monkeypatch.setattr(
        moto_jsonata, "_eval_jsonata", lambda text: jsonata.Jsonata(text).evaluate(None)
    )
    with mock_aws(config=MOTO_CONFIG):
        yield


@pytest.mark.usefixtures("moto")
def test_order_fulfillment_saves_and_queues_the_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3

    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(
        TableName="OrderTable",
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "OrderId", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "OrderId", "AttributeType": "S"}],
    )
    sqs = boto3.client("sqs", region_name=REGION)
    values = {
        "OrderTableName": "OrderTable",
        "OrderFulfillmentQueueUrl": sqs.create_queue(QueueName="Fulfil")["QueueUrl"],
        "EscalationQueueUrl": sqs.create_queue(QueueName="Escalate")["QueueUrl"],
        **echo_functions("VerifyCCAndPrice"),
    }
    # The echoing function answers with the order itself, so the order carries the verdict.
    order = {"OrderId": "o-7", "CustomerName": "Ada", "Price": 25, "StatusCode": 200}
    described, entered = _execute(_definition("order_fulfillment", monkeypatch), values, order)

    assert described["status"] == "SUCCEEDED", described
    assert entered == [
        "Save Order",
        "Verify CC and Price",
        "Is Order Proper",
        "Send to Fulfillment",
    ]
    item = dynamodb.get_item(TableName="OrderTable", Key={"OrderId": {"S": "o-7"}})["Item"]
    assert item == {"OrderId": {"S": "o-7"}, "CustomerName": {"S": "Ada"}, "Price": {"N": "25"}}
    (message,) = sqs.receive_message(QueueUrl=values["OrderFulfillmentQueueUrl"])["Messages"]
    assert json.loads(message["Body"]) == order
    assert "Messages" not in sqs.receive_message(QueueUrl=values["EscalationQueueUrl"])


@pytest.mark.usefixtures("moto")
def test_bookstore_runs_the_four_branches(monkeypatch: pytest.MonkeyPatch) -> None:
    functions = echo_functions(*BOOKSTORE_FUNCTIONS)
    values = {key[0].upper() + key[1:]: arn for key, arn in functions.items()}
    order = {"orderId": "123", "ItemStock": 5}
    described, entered = _execute(_definition("bookstore", monkeypatch), values, order)

    assert described["status"] == "SUCCEEDED", described
    assert entered[:4] == ["Order Handling", "CheckInventory", "Choice", "In Stock"]
    assert "OrderPrint" not in entered
    assert set(entered[4:]) == {
        "Parallel",
        "CheckFurtherDiscountEligibility",
        "GenerateDiscountCode",
        "UpdateLoyaltyPoints",
        "PrepareOrder",
        "SendToShipment",
        "UpdateRecoEngine",
        "Order Handled",
    }
    # Each branch's output is the echoed order (OutputPath $.Payload); `Order Handled` after
    # the Parallel passes the four on.
    assert json.loads(described["output"]) == [order, order, order, order]
    assert entered[-1] == "Order Handled"


@pytest.mark.usefixtures("moto")
def test_map_over_a_variable_and_wait_seconds_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # ItemsPath and SecondsPath that name a variable, ItemSelector with $$.Map.Item, an outer
    # variable read inside the iterations, OutputPath $.Payload and States.ArrayLength.
    result = compile_as(Path(__file__).parent / "cases" / "loop.py", "JSONPath", monkeypatch)
    (workflow,) = result.workflows
    values = echo_functions("echo")
    described, entered = _execute(
        workflow.definition,
        {"EchoFunctionArn": values["echoFunctionArn"]},
        {"pause": 0, "numbers": [4, 5]},
    )
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {
        "echoed": [{"n": 4, "pause": 0}, {"n": 5, "pause": 0}],
        "count": 2,
    }
    # (moto reports a state name with a quote in it JSON-escaped, so those are left out)
    assert entered.count("echo 2") == 2 and entered.count("echo") == 2
    assert entered[0] == "wait(seconds=pause)"  # the input is bound on the first state


@pytest.mark.usefixtures("moto")
def test_template_arrays_of_objects(tmp_path: Path) -> None:
    # B2: a list of objects with computed members is a template array whose objects' `.$`
    # keys moto evaluates (its grammar, recorded against AWS, nests templates in arrays); a
    # placeholder inside an intrinsic string is substituted as plain text.
    import boto3

    from flowdsl.compiler import compile_paths
    from tests.jsonpath.test_behaviour import B2_FLOW

    flow = tmp_path / "announce.py"
    flow.write_text(B2_FLOW)
    (workflow,) = compile_paths([flow], tmp_path).workflows
    boto3.client("events", region_name=REGION).create_event_bus(Name="orders")
    described, entered = _execute(
        workflow.definition, {"OrdersEventBusName": "orders"}, {"detail": {"k": 1}, "id": "o1"}
    )
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == [
        {"bus": "orders", "d": {"k": 1}},
        {"id": "orders-o1"},
        1,
    ]
    assert "Announce" in entered


@pytest.mark.usefixtures("moto")
def test_text_of_lists_and_dicts_as_aws_writes_it(tmp_path: Path) -> None:
    # B3: moto's States.Format writes an object as {k=v}; flowdsl's runner must agree, and
    # str() of a known list or dict is JSON (States.JsonToString) in both.
    from flowdsl.compiler import compile_paths
    from flowdsl.testing import run_workflow
    from tests.jsonpath.test_behaviour import B3_FLOW

    flow = tmp_path / "texts.py"
    flow.write_text(B3_FLOW)
    (workflow,) = compile_paths([flow], tmp_path).workflows
    order = {"a": "x", "id": 7, "obj": {"k": [1, "v"], "n": None}}
    described, _ = _execute(workflow.definition, {}, order)
    assert described["status"] == "SUCCEEDED", described
    ours = run_workflow(workflow.definition, order).output
    assert json.loads(described["output"]) == ours
    assert ours["unknown"] == "{k=[1, v], n=null}"


@pytest.mark.usefixtures("moto")
def test_invoke_gives_the_whole_lambda_response(tmp_path: Path) -> None:
    # fn.invoke(...): the Task's whole result. (moto answers StatusCode and Payload only, and
    # its variable paths go through a JSONata hook that cannot tell a missing field, so the
    # FunctionError test of the golden case is left to flowdsl's runner.)
    from flowdsl.compiler import compile_paths

    flow = tmp_path / "whole.py"
    flow.write_text(
        "from flowdsl import Function, workflow\n\nfn = Function('fn')\n\n\n"
        "@workflow(query_language='JSONPath')\ndef whole(order: dict):\n"
        "    response = fn.invoke(order)  # state: Invoke\n"
        "    return {'status': response['StatusCode'], 'payload': response['Payload']}\n"
    )
    (workflow,) = compile_paths([flow], tmp_path).workflows
    values = echo_functions("fn")
    described, _ = _execute(
        workflow.definition, {"FnFunctionArn": values["fnFunctionArn"]}, {"id": 1}
    )
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == {"status": 200, "payload": {"id": 1}}


@pytest.mark.usefixtures("moto")
def test_function_per_item(monkeypatch: pytest.MonkeyPatch) -> None:
    # [process(line, d) for line in lines]: a Map whose iterations branch (Choice) and
    # return from different states; the echoing functions return their payload.
    result = compile_as(Path(__file__).parent / "cases" / "per_item.py", "JSONPath", monkeypatch)
    (workflow,) = result.workflows
    values = echo_functions("check", "fix")
    lines = [{"qty": 1, "sku": "a"}, {"qty": 0, "sku": "b"}]
    described, _ = _execute(
        workflow.definition,
        {
            "CheckFunctionArn": values["checkFunctionArn"],
            "FixFunctionArn": values["fixFunctionArn"],
        },
        {"lines": lines, "discount": 5},
    )
    assert described["status"] == "SUCCEEDED", described
    assert json.loads(described["output"]) == [lines[0], {"fixed": lines[1]}]


@pytest.mark.usefixtures("moto")
def test_conditions_on_computed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    # len(x) > 0 and `in` a run-time list: bound by States.ArrayLength/ArrayContains in a Pass
    # before the Choice, including in a while loop's every round.
    path = Path(__file__).parent / "cases" / "computed_conditions.py"
    (workflow,) = compile_as(path, "JSONPath", monkeypatch).workflows
    values = echo_functions("poll")
    order = {"items": [1], "kind": "a", "kinds": ["a"], "pending": [1]}
    described, entered = _execute(
        workflow.definition, {"PollFunctionArn": values["pollFunctionArn"]}, order
    )
    assert described["status"] == "SUCCEEDED", described
    # The echoing function returns the order: one item pending, so the loop never runs.
    assert json.loads(described["output"]) == {"label": "some", "status": order}
    assert "Poll Again" not in entered
