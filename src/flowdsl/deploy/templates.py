"""CloudFormation and SAM templates of one workflow: pure functions of its compiled files.

Both forms refer to the checked-in `definition.asl.json` instead of inlining it, so a change in
the Python shows up once in review:

* `template.json`: an `AWS::StepFunctions::StateMachine` whose `DefinitionS3Location` is the
  local file, the form `aws cloudformation package` uploads and rewrites (and `flowdsl deploy`
  inlines), with its role and policies. The state machine's name is the `StateMachineName`
  parameter, so one template deploys as several stacks (environments) in one account.
  https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
  https://docs.aws.amazon.com/cli/latest/reference/cloudformation/package.html
* `sam.json`: an `AWS::Serverless::StateMachine` with `DefinitionUri` pointing at the file, the
  placeholders as `DefinitionSubstitutions` (resources declared with `ref=` bound by
  `Ref`/`Fn::GetAtt` to the stack's own resources) and the policies as inline `Statement`s.
  https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html

Strings that name `${...}` are wrapped in `Fn::Sub` wherever they go, so nothing in a template
holds a placeholder outside a `Sub` context (cfn-lint E1029).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flowdsl.build.artifacts import DEFINITION

TEMPLATE = "template.json"
SAM_TEMPLATE = "sam.json"
NAME_PARAMETER = "StateMachineName"
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"

# A placeholder in the definition: `${Name}`; `${AWS::...}` are CloudFormation pseudo parameters.
_PLACEHOLDER = re.compile(r"\$\{([^}!][^}]*)\}")


@dataclass(frozen=True)
class StackInputs:
    """What a template is made from: one workflow in one environment."""

    name: str
    workflow_type: str
    comment: str | None
    definition: dict[str, Any]
    # Placeholder -> its value: a `Sub` template string or a CloudFormation intrinsic.
    substitutions: Mapping[str, Any]
    role_policy: dict[str, Any]
    trust_policy: dict[str, Any]


class TemplateError(ValueError):
    """The workflow cannot be written as a template (say why and what to write instead)."""


def sub(value: Any) -> Any:
    """Wrap every string that refers to `${...}` in Fn::Sub, recursively."""
    if isinstance(value, str):
        return {"Fn::Sub": value} if "${" in value else value
    if isinstance(value, list):
        return [sub(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in ("Ref", "Fn::GetAtt", "Fn::Sub"):
            return value  # already an intrinsic
        return {k: sub(v) for k, v in value.items()}
    return value


def parameter_placeholders(definition: dict[str, Any], known: Mapping[str, Any]) -> list[str]:
    """Placeholders the definition names that no resource declares (e.g. `Function(arn="${X}")`):
    each becomes a template parameter, so no `${X}` reaches AWS as text."""
    import json

    names = set(_PLACEHOLDER.findall(json.dumps(definition)))
    return sorted(n for n in names if not n.startswith("AWS::") and n not in known)


def parameter_names(placeholders: list[str]) -> dict[str, str]:
    """Each placeholder's template parameter: its name in letters and digits (CloudFormation's
    alphabet for parameter names, parameters-section-structure.html; `${SF_Table}` from a Terraform template is `SFTable`), made
    unique. DefinitionSubstitutions keep the placeholder's own name."""
    taken = {NAME_PARAMETER}
    names: dict[str, str] = {}
    for placeholder in placeholders:
        base = re.sub(r"[^A-Za-z0-9]", "", placeholder)[:250] or "Placeholder"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}{n}", n + 1
        taken.add(name)
        names[placeholder] = name
    return names


def own_arns_by_parameter(document: Any, name: str, parameter: str) -> Any:
    """The state machine's own ARNs (trust policy, Distributed Map child executions) with its
    name replaced by `${parameter}`, as the name is only known when the stack is deployed."""
    own = re.compile(rf"(:(?:stateMachine|execution|express):){re.escape(name)}(?=$|[:/])")
    if isinstance(document, str):
        return own.sub(lambda m: m.group(1) + "${" + parameter + "}", document)
    if isinstance(document, list):
        return [own_arns_by_parameter(v, name, parameter) for v in document]
    if isinstance(document, dict):
        return {k: own_arns_by_parameter(v, name, parameter) for k, v in document.items()}
    return document


def _machine(inputs: StackInputs, placeholders: list[str], **properties: Any) -> dict[str, Any]:
    """The state machine's properties, with DefinitionSubstitutions: the placeholders' values
    and each template parameter by `Ref`."""
    values = {key: sub(value) for key, value in inputs.substitutions.items()}
    names = parameter_names(placeholders)
    values.update({p: {"Ref": names[p]} for p in placeholders})
    if values:
        properties["DefinitionSubstitutions"] = dict(sorted(values.items()))
    return properties


def _parameters(name_parameter: str, name: str, placeholders: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {
        name_parameter: {
            "Type": "String",
            "Description": "The state machine's name.",
            "Default": name,
        }
    }
    for placeholder, parameter in parameter_names(placeholders).items():
        found[parameter] = {
            "Type": "String",
            "Description": f"The value of the ${{{placeholder}}} placeholder in the definition.",
        }
    return found


def cloudformation_template(inputs: StackInputs) -> dict[str, Any]:
    """The stack of one workflow: the state machine, its role and the role's policy."""
    parameters = parameter_placeholders(inputs.definition, inputs.substitutions)
    role_policy = own_arns_by_parameter(inputs.role_policy, inputs.name, NAME_PARAMETER)
    trust_policy = own_arns_by_parameter(inputs.trust_policy, inputs.name, NAME_PARAMETER)
    properties = _machine(
        inputs,
        parameters,
        StateMachineName={"Ref": NAME_PARAMETER},
        StateMachineType=inputs.workflow_type,
        DefinitionS3Location=DEFINITION,
    )
    properties["RoleArn"] = {"Fn::GetAtt": ["StateMachineRole", "Arn"]}
    role: dict[str, Any] = {"AssumeRolePolicyDocument": sub(trust_policy)}
    if role_policy.get("Statement"):
        role["Policies"] = [
            {
                "PolicyName": {"Fn::Sub": "${" + NAME_PARAMETER + "}-execution"},
                "PolicyDocument": sub(role_policy),
            }
        ]
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": inputs.comment or f"The {inputs.name} state machine, compiled by flowdsl.",
        "Parameters": _parameters(NAME_PARAMETER, inputs.name, parameters),
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


def logical_id(name: str) -> str:
    """The state machine's logical ID in a SAM template: its name without `-`/`_`."""
    return re.sub(r"[^A-Za-z0-9]", "", name) or "StateMachine"


def sam_template(inputs: StackInputs) -> dict[str, Any]:
    """A SAM template holding the workflow as one `AWS::Serverless::StateMachine`, ready to
    copy into a template that defines the resources bound with `ref=`. SAM creates the role
    from the inline statements; the name is a parameter named after the resource."""
    resource = logical_id(inputs.name)
    name_parameter = f"{resource}Name"
    parameters = parameter_placeholders(inputs.definition, inputs.substitutions)
    role_policy = own_arns_by_parameter(inputs.role_policy, inputs.name, name_parameter)
    properties = _machine(
        inputs,
        parameters,
        Name={"Ref": name_parameter},
        Type=inputs.workflow_type,
        DefinitionUri=DEFINITION,
    )
    statements = role_policy.get("Statement", [])
    if statements:
        properties["Policies"] = [{"Statement": sub(statements)}]
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": SAM_TRANSFORM,
        "Description": inputs.comment or f"The {inputs.name} state machine, compiled by flowdsl.",
        "Parameters": _parameters(name_parameter, inputs.name, parameters),
        "Resources": {
            resource: {"Type": "AWS::Serverless::StateMachine", "Properties": properties}
        },
        "Outputs": {f"{resource}Arn": {"Value": {"Ref": resource}}},
    }
