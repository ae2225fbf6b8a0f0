"""Resources bound to the user's stack with `ref=`: the SAM form fills the placeholders with
`Ref`/`Fn::GetAtt` of the stack's resources and the policies name them through the same
references; cfn-lint (SAM transform) checks the references against the resource types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.deploy.helpers import compile_source, documents, require_sam_transform, resources

FLOW = """
    from flowdsl import Function, Queue, Table, Topic, workflow

    orders = Queue("Orders", ref="OrdersQueue")
    check = Function("CheckOrder", ref="CheckOrderFunction")
    table = Table("Orders", ref="OrdersTable")
    topic = Topic("Shipped", ref="ShippedTopic")

    @workflow(name="Shop")
    def shop(order):
        checked = check(order)  # state: Check
        table.put_item(Item={"Id": {"S": checked["id"]}})  # state: Save
        orders.send_message(MessageBody=checked)  # state: Send
        topic.publish(Message=checked)  # state: Announce
        return checked
"""

# The user's SAM template: the resources the workflow is bound to.
USER_RESOURCES: dict[str, Any] = {
    "OrdersQueue": {"Type": "AWS::SQS::Queue"},
    "ShippedTopic": {"Type": "AWS::SNS::Topic"},
    "OrdersTable": {
        "Type": "AWS::Serverless::SimpleTable",
        "Properties": {"PrimaryKey": {"Name": "Id", "Type": "String"}},
    },
    "CheckOrderFunction": {
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "InlineCode": "def handler(event, context):\n    return event\n",
        },
    },
}


def test_sam_form_binds_placeholders_and_policies_to_the_stack(tmp_path: Path) -> None:
    files = documents(compile_source(tmp_path, FLOW))
    machine = files["Shop/sam.json"]["Resources"]["Shop"]["Properties"]
    assert machine["DefinitionSubstitutions"] == {
        "CheckOrderFunctionArn": {"Fn::GetAtt": ["CheckOrderFunction", "Arn"]},
        "OrdersQueueUrl": {"Ref": "OrdersQueue"},
        "OrdersTableName": {"Ref": "OrdersTable"},
        "ShippedTopicArn": {"Ref": "ShippedTopic"},
    }
    account = "arn:${AWS::Partition}:%s:${AWS::Region}:${AWS::AccountId}:%s"
    assert resources(machine["Policies"][0]) == {
        account % ("lambda", "function:${CheckOrderFunction}"),
        account % ("dynamodb", "table/${OrdersTable}"),
        account % ("sqs", "${OrdersQueue.QueueName}"),
        account % ("sns", "${ShippedTopic.TopicName}"),
    }
    # Outside a stack (template.json, role-policy.json) the resources keep their names.
    assert account % ("sqs", "Orders") in resources(files["Shop/role-policy.json"])


def test_bound_sam_form_inside_the_users_template_passes_cfn_lint(tmp_path: Path) -> None:
    require_sam_transform()
    from cfnlint.api import ManualArgs, lint

    files = documents(compile_source(tmp_path, FLOW))
    template = files["Shop/sam.json"]
    template["Resources"].update(USER_RESOURCES)
    (tmp_path / "definition.asl.json").write_text(json.dumps(files["Shop/definition.asl.json"]))
    findings = lint(json.dumps(template), config=ManualArgs(regions=["us-east-1"]))
    assert [f"{m.rule.id} {m.message}" for m in findings] == []
    # The witness checks the references: a GetAtt attribute the type lacks is an error.
    broken = json.loads(json.dumps(template))
    broken["Resources"]["Shop"]["Properties"]["DefinitionSubstitutions"]["OrdersQueueUrl"] = {
        "Fn::GetAtt": ["OrdersQueue", "Url"]
    }
    findings = lint(json.dumps(broken), config=ManualArgs(regions=["us-east-1"]))
    assert any(m.rule.id.startswith("E1010") for m in findings)


def test_an_environment_value_wins_over_the_binding(tmp_path: Path) -> None:
    url = "https://sqs.eu-west-1.amazonaws.com/111122223333/Orders-prod"
    files = documents(compile_source(tmp_path, FLOW, {"prod": {"OrdersQueueUrl": url}}))
    machine = files["Shop/sam.prod.json"]["Resources"]["Shop"]["Properties"]
    assert machine["DefinitionSubstitutions"]["OrdersQueueUrl"] == url
    assert machine["DefinitionSubstitutions"]["ShippedTopicArn"] == {"Ref": "ShippedTopic"}
    assert "arn:aws:sqs:eu-west-1:111122223333:Orders-prod" in resources(machine["Policies"][0])


def test_ref_with_a_literal_or_a_bad_logical_id_is_an_error_at_its_line(tmp_path: Path) -> None:
    for declaration, expected in (
        ('Queue(url="https://sqs.us-east-1.amazonaws.com/1/Q", ref="Q")', "stays literal"),
        ('Queue("Orders", ref="orders-queue")', "not a CloudFormation logical ID"),
    ):
        source = f"""
            from flowdsl import Queue, workflow

            orders = {declaration}

            @workflow(name="Shop")
            def shop(order):
                orders.send_message(MessageBody=order)
        """
        result = compile_source(tmp_path, source)
        (diagnostic,) = result.diagnostics
        assert expected in diagnostic.message, diagnostic.format()
        assert diagnostic.location is not None and diagnostic.location.line == 4
