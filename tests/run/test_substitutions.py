"""`${Placeholder}` substitution before a run: given values, pseudo parameters, fakes."""

from __future__ import annotations

from flowdsl.run.substitutions import fake_value, placeholders, substitute


def test_given_values_pseudo_parameters_and_fakes() -> None:
    definition = {
        "A": "${QueueUrl}",
        "B": ["x-${CheckFunctionArn}-y"],
        "${Key}": "${OrdersTableName}",
    }
    values = {"QueueUrl": "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/Orders"}
    assert placeholders(definition) == {"QueueUrl", "CheckFunctionArn", "Key", "OrdersTableName"}
    assert substitute(definition, values) == {
        "A": "https://sqs.us-east-1.amazonaws.com/123456789012/Orders",
        "B": ["x-arn:aws:lambda:us-east-1:123456789012:function:CheckFunction-y"],
        "Key": "OrdersTable",
    }


def test_fake_values_follow_the_name() -> None:
    assert fake_value("OrdersQueueArn") == "arn:aws:sqs:us-east-1:123456789012:OrdersQueue"
    assert fake_value("AlertsTopicArn") == "arn:aws:sns:us-east-1:123456789012:AlertsTopic"
    assert fake_value("ChildStateMachineArn").startswith(
        "arn:aws:states:us-east-1:123456789012:stateMachine:"
    )
    assert fake_value("Thing") == "Thing"
