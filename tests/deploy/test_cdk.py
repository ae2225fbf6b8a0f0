"""`flowdsl.cdk`: the construct builds the state machine and its role from generated/NAME in a
CDK app, bound to the app's own constructs; checked with aws-cdk-lib's assertions.Template and
cfn-lint on the synthesized template (no E1029: every `${...}` is inside Fn::Sub)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.deploy.helpers import compile_source

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
cdk = pytest.importorskip("aws_cdk", reason="flowdsl.cdk needs the cdk extra")

from aws_cdk import aws_lambda, aws_sqs  # noqa: E402
from aws_cdk.assertions import Match, Template  # noqa: E402

from flowdsl.cdk import FlowdslStateMachine  # noqa: E402

FLOW = """
    from flowdsl import Function, Queue, workflow

    orders = Queue("Orders", ref="OrdersQueue")
    check = Function("CheckOrder", ref="CheckOrderFunction")

    @workflow(name="Shop")
    def shop(order):
        checked = check(order)  # state: Check
        orders.send_message(MessageBody=checked)  # state: Send
        return checked
"""


def _write(result: Any, generated: Path) -> None:
    for rel, text in result.files().items():
        path = generated / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Template, Any, dict]:
    tmp = tmp_path_factory.mktemp("cdk")
    result = compile_source(tmp, FLOW)
    assert not result.diagnostics
    _write(result, tmp / "generated")
    app = cdk.App()
    stack = cdk.Stack(app, "ShopStack")
    queue = aws_sqs.Queue(stack, "Orders")
    function = aws_lambda.Function(
        stack,
        "Check",
        runtime=aws_lambda.Runtime.PYTHON_3_12,
        handler="index.handler",
        code=aws_lambda.Code.from_inline("def handler(event, context):\n    return event\n"),
    )
    # A second workflow, unbound: the seed's own generated files.
    FlowdslStateMachine(stack, "Inventory", directory=ROOT / "generated" / "InventoryStateMachine")
    shop = FlowdslStateMachine(
        stack,
        "Shop",
        directory=tmp / "generated" / "Shop",
        resources={"OrdersQueue": queue, "CheckOrderFunction": function},
        state_machine_name="Shop-dev",
    )
    template = Template.from_stack(stack)
    ids = {
        "queue": stack.get_logical_id(queue.node.default_child),
        "function": stack.get_logical_id(function.node.default_child),
        "shop": stack.get_logical_id(shop.state_machine.node.default_child),
    }
    return template, stack, ids


def test_the_state_machine_is_bound_to_the_apps_constructs(synthesized: tuple) -> None:
    template, _, ids = synthesized
    template.has_resource_properties(
        "AWS::StepFunctions::StateMachine",
        {
            "StateMachineName": "Shop-dev",
            "DefinitionSubstitutions": {
                "OrdersQueueUrl": {"Ref": ids["queue"]},
                "CheckOrderFunctionArn": {"Fn::GetAtt": [ids["function"], "Arn"]},
            },
        },
    )
    machines = template.find_resources("AWS::StepFunctions::StateMachine")
    shop = machines[ids["shop"]]["Properties"]
    definition = shop["DefinitionString"]
    text = definition if isinstance(definition, str) else json.dumps(definition)
    assert "${OrdersQueueUrl}" in text and "${CheckOrderFunctionArn}" in text


def test_the_role_policy_names_the_bound_resources(synthesized: tuple) -> None:
    template, _, ids = synthesized
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": "sqs:SendMessage",
                                "Resource": {
                                    "Fn::Sub": [
                                        "arn:${AWS::Partition}:sqs:${AWS::Region}:"
                                        "${AWS::AccountId}:${OrdersQueueQueueName}",
                                        {
                                            "OrdersQueueQueueName": {
                                                "Fn::GetAtt": [ids["queue"], "QueueName"]
                                            }
                                        },
                                    ]
                                },
                            }
                        )
                    ]
                )
            }
        },
    )
    # The trust policy: Step Functions, only for this state machine in this account.
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [
                    Match.object_like(
                        {
                            "Principal": {"Service": "states.amazonaws.com"},
                            "Condition": {
                                "ArnLike": {
                                    "aws:SourceArn": {
                                        "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}"
                                        ":${AWS::AccountId}:stateMachine:Shop-dev"
                                    }
                                },
                                "StringEquals": {
                                    "aws:SourceAccount": {"Fn::Sub": "${AWS::AccountId}"}
                                },
                            },
                        }
                    )
                ]
            }
        },
    )


def test_the_synthesized_template_passes_cfn_lint(synthesized: tuple, tmp_path: Path) -> None:
    from cfnlint.api import ManualArgs, lint

    template, _, _ = synthesized
    body = json.dumps(template.to_json())
    findings = [
        f"{m.rule.id} {m.message}" for m in lint(body, config=ManualArgs(regions=["us-east-1"]))
    ]
    # W3005 (DependsOn already implied) is CDK's own output style, not flowdsl's.
    assert [f for f in findings if not f.startswith("W3005")] == []


def test_a_missing_binding_is_a_clear_error(tmp_path: Path) -> None:
    from flowdsl.errors import UsageError

    result = compile_source(tmp_path, FLOW)
    _write(result, tmp_path / "generated")
    stack = cdk.Stack(cdk.App(), "Missing")
    with pytest.raises(UsageError, match="pass resources=\\{'CheckOrderFunction'"):
        FlowdslStateMachine(stack, "Shop", directory=tmp_path / "generated" / "Shop")
