"""Environments reach the IAM: everything that depends on a placeholder's value is derived again
from `[tool.flowdsl.environments.ENV]`, so the prod role names the prod resources."""

from __future__ import annotations

from pathlib import Path

from tests.deploy.helpers import compile_source, documents, resources

FLOW = """
    from flowdsl import Function, Queue, workflow

    orders = Queue("Orders")
    check = Function("CheckOrder")

    @workflow(name="Shop")
    def shop(order):
        checked = check(order)  # state: Check
        orders.send_message(MessageBody=checked)  # state: Send
        return checked
"""
PROD = {
    "OrdersQueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/Orders-prod",
    "CheckOrderFunctionArn": "arn:aws:lambda:eu-west-1:111122223333:function:CheckOrder-prod",
}
PROD_QUEUE = "arn:aws:sqs:eu-west-1:111122223333:Orders-prod"
PROD_FUNCTION = "arn:aws:lambda:eu-west-1:111122223333:function:CheckOrder-prod"


def test_the_prod_role_names_the_prod_resources(tmp_path: Path) -> None:
    files = documents(compile_source(tmp_path, FLOW, {"prod": PROD, "dev": {}}))
    assert resources(files["Shop/role-policy.prod.json"]) == {PROD_QUEUE, PROD_FUNCTION}
    # The default files keep the workflow's own values.
    assert resources(files["Shop/role-policy.json"]) == {
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:Orders",
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:CheckOrder",
    }
    # An environment without values is the default one under its own name.
    assert files["Shop/role-policy.dev.json"] == files["Shop/role-policy.json"]
    assert files["Shop/trust-policy.prod.json"] == files["Shop/trust-policy.json"]


def test_the_prod_templates_deploy_the_prod_values_and_role(tmp_path: Path) -> None:
    files = documents(compile_source(tmp_path, FLOW, {"prod": PROD}))
    template = files["Shop/template.prod.json"]
    machine = template["Resources"]["StateMachine"]["Properties"]
    assert machine["DefinitionSubstitutions"] == {
        "CheckOrderFunctionArn": PROD["CheckOrderFunctionArn"],
        "OrdersQueueUrl": PROD["OrdersQueueUrl"],
    }
    role = template["Resources"]["StateMachineRole"]["Properties"]
    assert resources(role["Policies"][0]["PolicyDocument"]) == {PROD_QUEUE, PROD_FUNCTION}
    sam = files["Shop/sam.prod.json"]["Resources"]["Shop"]["Properties"]
    assert resources(sam["Policies"][0]) == {PROD_QUEUE, PROD_FUNCTION}
    assert sam["DefinitionSubstitutions"] == machine["DefinitionSubstitutions"]


def test_an_environment_value_the_iam_cannot_read_is_an_error_at_the_state(
    tmp_path: Path,
) -> None:
    bad = {"CheckOrderFunctionArn": "arn:aws:s3:::not-a-function"}
    result = compile_source(tmp_path, FLOW, {"prod": bad})
    (diagnostic,) = result.diagnostics
    text = diagnostic.format()
    assert "FD200" in text and "in environment 'prod'" in text
    assert "not-a-function" in text
    assert diagnostic.location is not None and diagnostic.location.line == 9


def test_an_environment_name_that_cannot_be_a_file_name_is_an_error(tmp_path: Path) -> None:
    result = compile_source(tmp_path, FLOW, {"../prod": {}})
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "FD201" and "letters, digits" in diagnostic.message


def test_a_placeholder_no_resource_declares_is_a_parameter_until_an_environment_fills_it(
    tmp_path: Path,
) -> None:
    source = """
        from flowdsl import Function, workflow

        payments = Function(arn="${PaymentsFunctionArn}")

        @workflow(name="Pay")
        def pay(order):
            return payments(order)  # state: Charge
    """
    value = "arn:aws:lambda:us-east-1:111122223333:function:payments"
    files = documents(compile_source(tmp_path, source, {"prod": {"PaymentsFunctionArn": value}}))
    template = files["Pay/template.json"]
    assert template["Parameters"]["PaymentsFunctionArn"]["Type"] == "String"
    machine = template["Resources"]["StateMachine"]["Properties"]
    assert machine["DefinitionSubstitutions"] == {
        "PaymentsFunctionArn": {"Ref": "PaymentsFunctionArn"}
    }
    prod = files["Pay/template.prod.json"]
    assert "PaymentsFunctionArn" not in prod["Parameters"]
    assert prod["Resources"]["StateMachine"]["Properties"]["DefinitionSubstitutions"] == {
        "PaymentsFunctionArn": value
    }
    assert resources(files["Pay/role-policy.prod.json"]) == {value}
    # Without a value the policy cannot name the function: `*`, as the warning says.
    assert resources(files["Pay/role-policy.json"]) == {"*"}


def test_a_placeholder_outside_cloudformations_alphabet_gets_a_parameter_that_is_inside(
    tmp_path: Path,
) -> None:
    # `${SF_Table_Name}` is a Terraform templatefile variable in imported definitions:
    # CloudFormation parameter names are letters and digits only.
    source = """
        from flowdsl import aws, workflow

        @workflow(name="Save")
        def save(order):
            return aws.dynamodb.put_item(TableName="${SF_Table_Name}", Item=order)  # state: Put
    """
    template = documents(compile_source(tmp_path, source, {}))["Save/template.json"]
    assert template["Parameters"]["SFTableName"]["Type"] == "String"
    machine = template["Resources"]["StateMachine"]["Properties"]
    assert machine["DefinitionSubstitutions"] == {"SF_Table_Name": {"Ref": "SFTableName"}}
