"""Golden policies of the four seed workflows, each statement checked against IAM-RESEARCH.md."""

from __future__ import annotations

from typing import Any

import pytest

from flowdsl.iam import derive_policies
from tests.iam.cases import grants
from tests.iam.seeds import SEEDS

SM = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:"
FN = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"
QUEUE = "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:"


def _policies(name: str) -> Any:
    definition, substitutions = SEEDS[name]
    return derive_policies(definition, state_machine_name=name, substitutions=substitutions)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_policies_snapshot(name: str, snapshot_json) -> None:  # type: ignore[no-untyped-def]
    policies = _policies(name)
    assert policies.warnings == []  # every resource of the seeds is static
    document = {
        "role": policies.role_policy,
        "trust": policies.trust_policy,
        "worker": policies.worker_policy,
    }
    assert document == snapshot_json


def test_inventory_callback() -> None:
    policies = _policies("InventoryStateMachine")
    # IAM-RESEARCH §2 SQS: static QueueUrl -> sqs:SendMessage on the queue ARN derived from the
    # URL (not AmazonSQSFullAccess as in the seed tutorial).
    assert grants(policies.role_policy) == {("sqs:SendMessage", QUEUE + "Orders")}
    # §3 Callback worker: SendTask* on this state machine (SAM StepFunctionsCallbackPolicy / CDK
    # taskResponse), plus the SQS poller actions on the queue it consumes.
    assert grants(policies.worker_policy) == {
        *(
            (f"states:{a}", SM + "InventoryStateMachine")
            for a in ("SendTaskFailure", "SendTaskHeartbeat", "SendTaskSuccess")
        ),
        *(
            (f"sqs:{a}", QUEUE + "Orders")
            for a in (
                "ChangeMessageVisibility",
                "DeleteMessage",
                "GetQueueAttributes",
                "ReceiveMessage",
            )
        ),
    }
    # §3 Trust policy: states.amazonaws.com, confused-deputy conditions on this machine.
    (trust,) = policies.trust_policy["Statement"]
    assert trust["Principal"] == {"Service": "states.amazonaws.com"}
    assert trust["Condition"] == {
        "ArnLike": {"aws:SourceArn": SM + "InventoryStateMachine"},
        "StringEquals": {"aws:SourceAccount": "${AWS::AccountId}"},
    }


def test_order_fulfillment() -> None:
    policies = _policies("OrderFulfillmentStateMachine")
    assert grants(policies.role_policy) == {
        # §2 DynamoDB: the docs grant all four item actions; flowdsl only the one used (as CDK's
        # DynamoPutItem), on table/<name> built from the table name.
        (
            "dynamodb:PutItem",
            "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/OrderTable",
        ),
        # §2 Lambda: InvokeFunction on the function ARN, unqualified as invoked.
        ("lambda:InvokeFunction", FN + "VerifyCCAndPrice"),
        # §2 SQS: SendMessage on both queues; one statement for the same action.
        ("sqs:SendMessage", QUEUE + "OrderFulfillmentQueue"),
        ("sqs:SendMessage", QUEUE + "EscalationQueue"),
    }
    assert policies.worker_policy is None  # nothing waits for a task token
    sqs = [s for s in policies.role_policy["Statement"] if s["Action"] == ["sqs:SendMessage"]]
    assert len(sqs) == 1


def test_bookstore_walks_parallel_branches() -> None:
    policies = _policies("BookstoreOrderFlow")
    # §2 Lambda, for all eight functions, including the four Parallel branches.
    (statement,) = policies.role_policy["Statement"]
    assert statement["Action"] == ["lambda:InvokeFunction"]
    assert len(statement["Resource"]) == 8
    assert FN + "updateRecoEngine" in statement["Resource"]


def test_messaging_grants_only_what_the_state_machine_calls() -> None:
    policies = _policies("MessagingStateMachine")
    # The topic and queues are passed to the Lambdas as data; the functions use them, not the
    # state machine, so the role gets neither sns:Publish nor SQS actions.
    assert grants(policies.role_policy) == {
        ("lambda:InvokeFunction", FN + "PublishMessagesFunction"),
        ("lambda:InvokeFunction", FN + "ProcessMessagesFunction"),
    }
