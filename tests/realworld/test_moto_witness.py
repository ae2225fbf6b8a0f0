"""moto's Step Functions engine as a witness for JSONPath ports: the original and the port,
run by moto with the same input, end with the same output after entering the same states."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.moto_witness import MOTO_CONFIG, echo_functions, execute_in_moto
from tests.realworld.harness import original, port

REGION = "us-east-1"


def _in_moto(
    definition: dict[str, Any],
    execution_input: Any,
    monkeypatch: pytest.MonkeyPatch,
    substitutions: Callable[[], dict[str, str]] = dict,
) -> tuple[Any, list[str]]:
    """One execution in a fresh moto account (`substitutions` may create resources first)."""
    import jsonata
    from moto import mock_aws
    from moto.stepfunctions.parser.asl.jsonata import jsonata as moto_jsonata

    monkeypatch.setattr(
        moto_jsonata, "_eval_jsonata", lambda text: jsonata.Jsonata(text).evaluate(None)
    )
    with mock_aws(config=MOTO_CONFIG):
        described, entered = execute_in_moto(definition, substitutions(), execution_input)
    output = json.loads(described["output"]) if "output" in described else None
    return (described["status"], output), entered


@pytest.mark.parametrize(
    "event",
    [{"type": "Public"}, {"type": "Private", "value": 25}, {"type": "Private", "value": 5}],
)
def test_path_based_on_data_in_moto(event: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = _in_moto(original("path_based_on_data"), event, monkeypatch)
    ours = _in_moto(port("path_based_on_data"), event, monkeypatch)
    assert ours == theirs
    assert ours[0] == ("SUCCEEDED", event)


def test_request_response_in_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3

    def topic(name: str) -> Callable[[], dict[str, str]]:
        def create() -> dict[str, str]:
            sns = boto3.client("sns", region_name=REGION)
            return {name: sns.create_topic(Name="hello")["TopicArn"]}

        return create

    event = {"timer_seconds": 0}
    theirs = _in_moto(original("request_response"), event, monkeypatch, topic("topicArn"))
    ours = _in_moto(port("request_response"), event, monkeypatch, topic("NotificationsTopicArn"))
    assert ours[0][0] == theirs[0][0] == "SUCCEEDED"
    assert ours[0][1].keys() == theirs[0][1].keys()  # the publish result (a fresh MessageId)
    assert ours[1] == theirs[1] == ["Wait for timestamp", "Send message to SNS"]


def test_common_error_handling_in_moto(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Task's ResultPath as AWS's engine applies it: the input kept, each response added
    (moto's Lambda cannot be made to fail, so the Catch paths are compared in test_ports)."""

    def functions() -> dict[str, str]:  # the original's placeholders are the port's
        return echo_functions("Number", "Odd", "Even", "CommonErrorOption1")

    theirs = _in_moto(original("common_error_handling"), {"n": 3}, monkeypatch, functions)
    ours = _in_moto(port("common_error_handling"), {"n": 3}, monkeypatch, functions)
    assert ours == theirs
    (status, output), entered = ours
    assert status == "SUCCEEDED"
    assert output["evenLambda"]["Payload"]["oddLambda"]["Payload"]["numberLambda"]["Payload"] == {
        "n": 3
    }
    assert entered == ["Number Lambda", "Odd Lambda", "Even Lambda"]


@pytest.mark.parametrize(
    "event",
    [
        {"lock_name": "meeting-42", "lock_entry": "owner-7"},  # released
        {"lock_name": "meeting-42", "lock_entry": "owner-9"},  # not held: the Catch
        {"lock_name": "meeting-42", "lock_entry": 9},  # the Choice's Default
    ],
)
def test_release_lock_in_moto(event: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The type tests (IsPresent, IsString) and the update's condition, as moto runs them."""
    import boto3

    def table(placeholder: str) -> Callable[[], dict[str, str]]:
        def create() -> dict[str, str]:
            dynamodb = boto3.client("dynamodb", region_name=REGION)
            dynamodb.create_table(
                TableName="semaphore",
                KeySchema=[{"AttributeName": "LockName", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "LockName", "AttributeType": "S"}],
                BillingMode="PAY_PER_REQUEST",
            )
            dynamodb.put_item(
                TableName="semaphore",
                Item={
                    "LockName": {"S": "meeting-42"},
                    "currentlockcount": {"N": "1"},
                    "owner-7": {"S": "2024-01-01T00:00:00Z"},
                },
            )
            return {placeholder: "semaphore"}

        return create

    theirs = _in_moto(original("release_lock"), event, monkeypatch, table("TableSemaphore"))
    ours = _in_moto(port("release_lock"), event, monkeypatch, table("SemaphoreTableName"))
    assert ours[0] == theirs[0]
    status, output = ours[0]
    assert (status, output) == (
        ("SUCCEEDED", event) if isinstance(event["lock_entry"], str) else ("FAILED", None)
    )
