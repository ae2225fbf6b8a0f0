"""How deploy reads CloudFormation's answers where moto differs from AWS: AWS applies a change
set asynchronously and reports a failing resource as a stack event, and refuses a change set
that changes nothing. botocore's Stubber checks every request and response against the
CloudFormation API model, so these are AWS's shapes, not ours."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.stub import Stubber

from flowdsl.deploy.aws import CloudFormation, ResourceChange

STACK = "Shop"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/Shop/1"
CHANGE_SET = "arn:aws:cloudformation:us-east-1:123456789012:changeSet/flowdsl-1/1"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> CloudFormation:
    for key in list(os.environ):
        if key.startswith("AWS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    return CloudFormation("us-east-1", poll_seconds=0)


def _event(n: int, logical: str, kind: str, status: str, reason: str = "") -> dict[str, Any]:
    event: dict[str, Any] = {
        "StackId": STACK_ID,
        "EventId": f"e{n}",
        "StackName": STACK,
        "LogicalResourceId": logical,
        "ResourceType": kind,
        "Timestamp": NOW,
        "ResourceStatus": status,
    }
    if reason:
        event["ResourceStatusReason"] = reason
    return event


def _stack(status: str) -> dict[str, Any]:
    return {
        "Stacks": [
            {
                "StackName": STACK,
                "StackId": STACK_ID,
                "CreationTime": NOW,
                "StackStatus": status,
            }
        ]
    }


def test_a_failing_resource_event_is_reported_with_its_reason(aws: CloudFormation) -> None:
    machine = "AWS::StepFunctions::StateMachine"
    failed = _event(3, "StateMachine", machine, "UPDATE_FAILED", "Invalid State Machine Definition")
    rollback = _event(4, STACK, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_COMPLETE")
    older = _event(1, STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE")
    started = _event(2, "StateMachine", machine, "UPDATE_IN_PROGRESS")
    stack = {"StackName": STACK}
    with Stubber(aws.client) as stub:
        stub.add_response("describe_stack_events", {"StackEvents": [older]}, stack)
        stub.add_response(
            "execute_change_set", {}, {"ChangeSetName": CHANGE_SET, "StackName": STACK}
        )
        stub.add_response("describe_stacks", _stack("UPDATE_IN_PROGRESS"), stack)
        stub.add_response("describe_stack_events", {"StackEvents": [started, older]}, stack)
        stub.add_response("describe_stacks", _stack("UPDATE_ROLLBACK_COMPLETE"), stack)
        stub.add_response(
            "describe_stack_events", {"StackEvents": [rollback, failed, started, older]}, stack
        )
        seen: list[str] = []
        changes = [ResourceChange("Modify", "StateMachine", machine, False)]
        outcome = aws.execute(STACK, CHANGE_SET, changes, seen.append)
    assert not outcome.ok
    assert outcome.failures == [
        "StateMachine (AWS::StepFunctions::StateMachine) UPDATE_FAILED: "
        "Invalid State Machine Definition"
    ]
    # Progress: each new event once, oldest first.
    assert [line.split(") ")[1] for line in seen] == [
        "UPDATE_IN_PROGRESS",
        "UPDATE_FAILED: Invalid State Machine Definition",
        "UPDATE_ROLLBACK_COMPLETE",
    ]


def test_a_change_set_without_changes_means_no_changes(aws: CloudFormation) -> None:
    with Stubber(aws.client) as stub:
        stub.add_response("create_change_set", {"Id": CHANGE_SET, "StackId": STACK_ID})
        stub.add_response(
            "describe_change_set",
            {
                "ChangeSetId": CHANGE_SET,
                "StackName": STACK,
                "Status": "FAILED",
                "StatusReason": "The submitted information didn't contain changes. Submit "
                "different information to create a change set.",
            },
        )
        stub.add_response("delete_change_set", {})
        assert aws.change_set(STACK, "{}", {}, create=False) is None
