"""`flowdsl.cdk`: a CDK construct that builds a workflow's state machine and role from
`generated/NAME` inside your CDK app (the optional extra `pip install 'flowdsl[cdk]'`).

It reads the SAM form flowdsl compiled (`sam.json`, or `sam.ENV.json`): the placeholders bound
with `ref=` are filled from the constructs you pass by that logical ID (`Ref` and `Fn::GetAtt` of
their CloudFormation resource, as SAM would), the policy statements become `PolicyStatement`s
whose `${...}` strings are `Fn::Sub` expressions (no cfn-lint E1029), and the role trusts Step
Functions only for this state machine in this account (the conditions of trust-policy.json).
The definition is the checked-in `definition.asl.json`, inlined.
https://docs.aws.amazon.com/cdk/api/v2/python/aws_cdk.aws_stepfunctions/StateMachine.html
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, Fn
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct, IConstruct

from flowdsl.deploy.build import environment_file
from flowdsl.deploy.templates import SAM_TEMPLATE
from flowdsl.errors import UsageError

_REFERENCE = re.compile(r"\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9]+))?\}")


class FlowdslStateMachine(Construct):
    """The state machine compiled into `directory` (e.g. `generated/InventoryStateMachine`).

    `resources` maps each logical ID a resource was bound to with `ref=` to your construct (or,
    for a placeholder that is a template parameter, to its value). `environment` picks the
    `[tool.flowdsl.environments.ENV]` form; `state_machine_name` defaults to the workflow's name.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        directory: str | Path,
        resources: Mapping[str, IConstruct | str] | None = None,
        environment: str | None = None,
        state_machine_name: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        directory = Path(directory)
        template = _read_json(directory / environment_file(SAM_TEMPLATE, environment))
        ((resource_id, resource),) = template["Resources"].items()
        properties = resource["Properties"]
        name = state_machine_name or template["Parameters"][f"{resource_id}Name"]["Default"]
        # The SAM form names the state machine by its own parameter; here it is `name`.
        references = _References({**(resources or {}), f"{resource_id}Name": name})
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal(
                "states.amazonaws.com",
                conditions=_trust_conditions(directory, environment, name),
            ),
        )
        for statement in properties.get("Policies", [{}])[0].get("Statement", []):
            self.role.add_to_policy(_statement(statement, references))
        definition = (directory / properties["DefinitionUri"]).read_text(encoding="utf-8")
        self.state_machine = sfn.StateMachine(
            self,
            "StateMachine",
            state_machine_name=name,
            state_machine_type=sfn.StateMachineType(properties["Type"]),
            definition_body=sfn.DefinitionBody.from_string(definition),
            definition_substitutions={
                key: references.value(value)
                for key, value in properties.get("DefinitionSubstitutions", {}).items()
            },
            role=self.role,
        )


class _References:
    """CloudFormation references (`Ref`, `Fn::GetAtt`, `${X}` in `Fn::Sub`) to your constructs."""

    def __init__(self, resources: Mapping[str, IConstruct | str]) -> None:
        self.resources = resources

    def value(self, value: Any) -> str:
        """A DefinitionSubstitutions value of the SAM form as a CDK string (token)."""
        if isinstance(value, str):
            return value
        if "Ref" in value:
            return self._ref(value["Ref"], None)
        if "Fn::GetAtt" in value:
            logical, attribute = value["Fn::GetAtt"]
            return self._ref(logical, attribute)
        return self.sub(value["Fn::Sub"])

    def sub(self, text: str) -> str:
        """`Fn::Sub` of `text` with `${X}`/`${X.Attr}` of a bound resource as variables."""
        variables: dict[str, str] = {}

        def variable(match: re.Match[str]) -> str:
            logical, attribute = match.group(1), match.group(2)
            if logical not in self.resources:
                return match.group(0)  # a pseudo parameter stays for Fn::Sub
            key = f"{logical}{attribute or ''}"
            variables[key] = self._ref(logical, attribute)
            return "${" + key + "}"

        body = _REFERENCE.sub(variable, text)
        return Fn.sub(body, variables) if "${" in body else body

    def _ref(self, logical: str, attribute: str | None) -> str:
        target = self.resources.get(logical)
        if target is None:
            raise UsageError(
                f"the workflow is bound to {logical!r}: pass resources={{{logical!r}: ...}}"
            )
        if isinstance(target, str):
            if attribute is not None:
                raise UsageError(f"{logical!r} needs a construct (its {attribute} is read)")
            return target
        resource = target.node.default_child
        if not isinstance(resource, CfnResource):
            raise UsageError(f"{logical!r}: {target.node.path} has no CloudFormation resource")
        if attribute is None:
            return str(resource.ref)
        return str(resource.get_att(attribute).to_string())


def _statement(statement: dict[str, Any], references: _References) -> iam.PolicyStatement:
    def text(value: Any) -> str:
        return references.sub(value["Fn::Sub"]) if isinstance(value, dict) else str(value)

    conditions = {
        operator: {key: text(value) for key, value in entries.items()}
        for operator, entries in statement.get("Condition", {}).items()
    }
    return iam.PolicyStatement(
        sid=statement.get("Sid"),
        actions=list(statement["Action"]),
        resources=[text(resource) for resource in statement["Resource"]],
        conditions=conditions or None,
    )


def _trust_conditions(directory: Path, environment: str | None, name: str) -> dict[str, Any]:
    """trust-policy.json's conditions, the state machine's own name in its ARN replaced."""
    trust = _read_json(directory / environment_file("trust-policy.json", environment))
    (statement,) = trust["Statement"]
    own = re.compile(rf":stateMachine:{re.escape(directory.name)}$")
    return {
        operator: {
            key: Fn.sub(own.sub(f":stateMachine:{name}", value)) for key, value in entries.items()
        }
        for operator, entries in statement.get("Condition", {}).items()
    }


def _read_json(path: Path) -> dict[str, Any]:
    try:
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc} (run `flowdsl compile`)") from None
    return found
