"""moto's Step Functions engine as a witness for JSONPath ports: the original and the port,
run by moto with the same input, end with the same output after entering the same states."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.moto_witness import MOTO_CONFIG, execute_in_moto
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
