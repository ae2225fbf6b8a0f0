"""An independent witness: moto's Step Functions interpreter (ported from LocalStack) runs the same
JSONPath definitions with the same inputs, and must agree with flowdsl's runner.

Only what moto can express is compared (Pass/Choice/Parallel/Map/intrinsics/Fail/Catch, SQS on
moto's own queue, a Lambda with a canned result). Variables are outside the witness: moto reads
a `$name` reference through its JSONata machinery, which ships without an evaluator, so even a
JSONPath `"x.$": "$name"` fails there with a TypeError. Waits and retries are left out because
moto sleeps for real. Known, documented differences are normalised below, each with its reason.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from flowdsl.testing import run_workflow
from tests.moto_witness import echo_functions

from .conftest import moto_execute, seed_definition

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DATAFLOW = {
    "StartAt": "Shape",
    "States": {
        "Shape": {
            "Type": "Pass",
            "InputPath": "$.order",
            "Parameters": {
                "id.$": "$.id",
                "label.$": "States.Format('order {} for {}', $.id, $.customer)",
                "lines.$": "States.ArrayPartition($.lines, 2)",
                "count.$": "States.ArrayLength($.lines)",
                "has3.$": "States.ArrayContains($.lines, 3)",
                "merged.$": "States.JsonMerge($.meta, States.StringToJson('{\"b\":2}'), false)",
                "encoded.$": "States.Base64Encode($.customer)",
                "hash.$": "States.Hash($.customer, 'MD5')",
                "split.$": "States.StringSplit('a-b-c', '-')",
                "state.$": "$$.State.Name",
            },
            "ResultPath": "$.shaped",
            "Next": "Route",
        },
        "Route": {
            "Type": "Choice",
            "Choices": [
                {
                    "And": [
                        {"Variable": "$.shaped.count", "NumericGreaterThanEquals": 3},
                        {"Variable": "$.order.customer", "StringMatches": "a*"},
                    ],
                    "Next": "Fan",
                },
                {"Variable": "$.order.rush", "IsPresent": True, "Next": "Fan"},
            ],
            "Default": "Reject",
        },
        "Reject": {"Type": "Fail", "Error": "Order.Rejected", "Cause": "too small"},
        "Fan": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "Lines",
                    "States": {
                        "Lines": {
                            "Type": "Map",
                            "ItemsPath": "$.order.lines",
                            "ItemSelector": {
                                "n.$": "$$.Map.Item.Value",
                                "i.$": "$$.Map.Item.Index",
                            },
                            "ItemProcessor": {
                                "StartAt": "Double",
                                "States": {
                                    "Double": {
                                        "Type": "Pass",
                                        "Parameters": {
                                            "v.$": "States.MathAdd($.n, $.n)",
                                            "i.$": "$.i",
                                        },
                                        "End": True,
                                    }
                                },
                            },
                            "End": True,
                        }
                    },
                },
                {
                    "StartAt": "Risky",
                    "States": {
                        "Risky": {
                            "Type": "Parallel",
                            "Branches": [
                                {
                                    "StartAt": "Boom",
                                    "States": {
                                        "Boom": {
                                            "Type": "Fail",
                                            "Error": "Branch.Failed",
                                            "Cause": "inner",
                                        }
                                    },
                                }
                            ],
                            "Catch": [
                                {
                                    "ErrorEquals": ["States.ALL"],
                                    "ResultPath": "$.caught",
                                    "Next": "Keep",
                                }
                            ],
                            "End": True,
                        },
                        "Keep": {"Type": "Pass", "OutputPath": "$.caught", "End": True},
                    },
                },
            ],
            "ResultSelector": {"lines.$": "$[0]", "caught.$": "$[1]"},
            "ResultPath": "$.fan",
            "OutputPath": "$.fan",
            "End": True,
        },
    },
}

ORDER = {"order": {"id": 7, "customer": "ann", "lines": [1, 2, 3], "meta": {"a": 1}}}


def _agree(
    definition: dict[str, Any], execution_input: Any, mocks: Any = None, setup: Any = None
) -> dict[str, Any]:
    witness = moto_execute(definition, execution_input, setup)
    ours = run_workflow(definition, execution_input, mocks or {})
    mine: dict[str, Any] = {"status": ours.status}
    if ours.succeeded:
        mine["output"] = ours.output
    else:
        mine.update(error=ours.error, cause=ours.cause)
    assert mine == witness, ours.describe()
    return witness


@pytest.mark.parametrize(
    "order", [ORDER, {"order": {**ORDER["order"], "customer": "bob", "lines": [1]}}]
)
def test_dataflow_intrinsics_choice_parallel_map_catch_agree(order: dict[str, Any]) -> None:
    _agree(DATAFLOW, order)


def test_complex_paths_agree() -> None:
    definition = {
        "StartAt": "P",
        "States": {
            "P": {
                "Type": "Pass",
                "End": True,
                "Parameters": {
                    "big.$": "$.items[?(@.n > 1)]",
                    "ns.$": "$.items[*].n",
                    "first.$": "$.items[0:1]",
                },
            }
        },
    }
    _agree(definition, {"items": [{"n": 1, "name": "a"}, {"n": 2, "name": "b"}, {"n": 3}]})


def test_sqs_send_message_agrees() -> None:
    definition = {
        "StartAt": "Send",
        "States": {
            "Send": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {
                    "QueueUrl": "${QueueUrl}",
                    "MessageBody.$": "States.JsonToString($.body)",
                },
                "ResultSelector": {"md5.$": "$.MD5OfMessageBody"},
                "ResultPath": "$.sent",
                "End": True,
            }
        },
    }

    def setup() -> dict[str, str]:
        import boto3

        url = boto3.client("sqs", region_name="us-east-1").create_queue(QueueName="Orders")[
            "QueueUrl"
        ]
        return {"QueueUrl": url}

    def send(arguments: dict[str, Any]) -> dict[str, Any]:
        # What SQS answers: the MD5 of the body it stored, so the arguments are checked too.
        return {
            "MessageId": "m-1",
            "MD5OfMessageBody": hashlib.md5(arguments["MessageBody"].encode()).hexdigest(),
        }

    witness = _agree(definition, {"body": {"id": 1, "note": "x"}}, {"Send": send}, setup)
    assert witness["output"]["sent"]["md5"] == hashlib.md5(b'{"id":1,"note":"x"}').hexdigest()


def test_seed_003_missing_payload_error_agrees() -> None:
    # The tutorial's commenter: the Task calls the function ARN directly, so the result is the
    # function's own return value and OutputPath "$.Payload" selects nothing.
    definition = json.loads(
        json.dumps(seed_definition("003")).replace(
            '"arn:aws:states:::lambda:invoke"', '"${FunctionArn}"'
        )
    )
    returned = {"ItemStock": 20}

    def setup() -> dict[str, str]:
        import requests

        arn = echo_functions("checkInventory")["checkInventoryFunctionArn"]
        # moto's documented way to give a Docker-less Lambda a canned answer
        requests.post(
            "http://motoapi.amazonaws.com/moto-api/static/lambda-simple/response",
            json={"results": [json.dumps(returned)], "region": "us-east-1"},
            timeout=5,
        )
        return {"FunctionArn": arn}

    witness = moto_execute(definition, {"orderId": "123", "bookId": "343222"}, setup)
    ours = run_workflow(
        definition, {"orderId": "123", "bookId": "343222"}, {"CheckInventory": {"result": returned}}
    )
    assert (
        (ours.status, ours.error)
        == (witness["status"], witness["error"])
        == ("FAILED", "States.Runtime")
    )
    # AWS and moto also name the history event id ("entered at the event id #4"); the runner
    # keeps no AWS event history, so it says only which state failed. The path message is the same.
    detail = "Invalid path '$.Payload' : No results for path: $['Payload']"
    assert detail in witness["cause"] and detail in (ours.cause or "")
    assert "'CheckInventory'" in witness["cause"] and "'CheckInventory'" in (ours.cause or "")
