"""A CloudFormation template per workflow: the state machine, its role and policies, wired up.

The definition's `${Placeholder}`s become `DefinitionSubstitutions` whose values are the
`substitutions.json` templates under `Fn::Sub`, so `aws cloudformation deploy` (or SAM) fills in
partition, region and account. Policy strings that name `${AWS::...}` are wrapped in `Fn::Sub`
the same way. Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
"""

from __future__ import annotations

from typing import Any

TEMPLATE = "template.json"


def _sub(value: Any) -> Any:
    """Wrap every string that refers to `${...}` in Fn::Sub, recursively."""
    if isinstance(value, str):
        return {"Fn::Sub": value} if "${" in value else value
    if isinstance(value, list):
        return [_sub(v) for v in value]
    if isinstance(value, dict):
        return {k: _sub(v) for k, v in value.items()}
    return value


def cloudformation_template(
    *,
    name: str,
    workflow_type: str,
    comment: str | None,
    definition: dict[str, Any],
    substitutions: dict[str, str],
    role_policy: dict[str, Any],
    trust_policy: dict[str, Any],
) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "StateMachineName": name,
        "StateMachineType": workflow_type,
        "Definition": definition,
    }
    if substitutions:
        properties["DefinitionSubstitutions"] = {
            key: _sub(value) for key, value in sorted(substitutions.items())
        }
    properties["RoleArn"] = {"Fn::GetAtt": ["StateMachineRole", "Arn"]}
    role: dict[str, Any] = {"AssumeRolePolicyDocument": _sub(trust_policy)}
    if role_policy.get("Statement"):
        role["Policies"] = [
            {"PolicyName": f"{name}-execution", "PolicyDocument": _sub(role_policy)}
        ]
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": comment or f"The {name} state machine, compiled by flowdsl.",
        "Resources": {
            "StateMachineRole": {"Type": "AWS::IAM::Role", "Properties": role},
            "StateMachine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": properties,
            },
        },
        "Outputs": {
            "StateMachineArn": {"Value": {"Ref": "StateMachine"}},
            "RoleArn": {"Value": {"Fn::GetAtt": ["StateMachineRole", "Arn"]}},
        },
    }
