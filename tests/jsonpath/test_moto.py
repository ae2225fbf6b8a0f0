"""Witness: moto's Step Functions interpreter runs the JSONPath form of two seed workflows.

moto resolves `$variable` paths through its JSONata hook and ships no JSONata evaluator
(RECIPES.md), so the hook is pointed at jsonata-python for these tests: for the plain reference
paths flowdsl writes (`$order.Price`), JSONata and JSONPath select the same node. Everything
else (Parameters, intrinsics, Choice rules, Catch, Parallel, OutputPath, the services' effects)
is moto's own. Lambda without Docker echoes its input.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FLOWS
from tests.jsonpath.helpers import compile_as
from tests.moto_witness import MOTO_CONFIG, execute_in_moto
from tests.seeds import BOOKSTORE_FUNCTIONS

REGION = "us-east-1"


def _definition(flow: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    result = compile_as(FLOWS / f"{flow}.py", "JSONPath", monkeypatch)
    assert not result.diagnostics
    (workflow,) = result.workflows
    return workflow.definition


def _functions(*names: str) -> dict[str, str]:
    import boto3

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.py", "def handler(event, context):\n    return event\n")
    role = boto3.client("iam", region_name=REGION).create_role(
        RoleName="fn", AssumeRolePolicyDocument="{}"
    )["Role"]["Arn"]
    client = boto3.client("lambda", region_name=REGION)
    return {
        f"{name}FunctionArn": client.create_function(
            FunctionName=name,
            Runtime="python3.11",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": archive.getvalue()},
        )["FunctionArn"]
        for name in names
    }


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
        **_functions("VerifyCCAndPrice"),
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
    functions = _functions(*BOOKSTORE_FUNCTIONS)
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
    values = _functions("echo")
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
