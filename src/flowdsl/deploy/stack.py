"""A checked-in template made ready for CloudFormation, and what deploying it would change.

Pure functions: the AWS calls live in `aws.py`. The checked-in `template.json` names the
definition file (`DefinitionS3Location`); CloudFormation receives the definition inline as
`DefinitionString` under `Fn::Sub` with the `DefinitionSubstitutions` as its variables, so
CloudFormation fills the placeholders (moto's CloudFormation honours this form and ignores an
object-valued `Definition`). A template body sent inline may hold at most 51,200 bytes:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from flowdsl.errors import UsageError
from flowdsl.review.diff import Change, semantic_diff
from flowdsl.review.policy_diff import policy_diff

TEMPLATE_BODY_LIMIT = 51_200
STATE_MACHINE = "StateMachine"
ROLE = "StateMachineRole"
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
_ROLE_POLICY: tuple[str | int, ...] = ("Policies", 0, "PolicyDocument")
_TRUST_POLICY: tuple[str | int, ...] = ("AssumeRolePolicyDocument",)


def deployable_template(template: dict[str, Any], definition_text: str) -> dict[str, Any]:
    """The template with the definition inline; every `${...}` that is no substitution and no
    pseudo parameter is escaped (`${!...}`) so it stays literal text, as in the file."""
    body = json.loads(json.dumps(template))  # a copy
    machine = body["Resources"][STATE_MACHINE]["Properties"]
    variables = machine.pop("DefinitionSubstitutions", {})
    machine.pop("DefinitionS3Location", None)

    def keep(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in variables or name.startswith("AWS::"):
            return match.group(0)
        return "${!" + name + "}"

    text = _PLACEHOLDER.sub(keep, definition_text)
    if variables:
        machine["DefinitionString"] = {"Fn::Sub": [text, variables]}
    else:
        machine["DefinitionString"] = {"Fn::Sub": text} if "${" in text else text
    return body


def template_body(template: dict[str, Any]) -> str:
    body = json.dumps(template, sort_keys=True, separators=(",", ":"))
    if len(body.encode()) > TEMPLATE_BODY_LIMIT:
        raise UsageError(
            f"the template is {len(body.encode())} bytes, over CloudFormation's "
            f"{TEMPLATE_BODY_LIMIT}-byte limit for a template sent inline; deploy it with "
            "`aws cloudformation package` (which uploads the definition to S3) instead"
        )
    return body


def missing_parameters(template: dict[str, Any], given: dict[str, str]) -> list[str]:
    """Template parameters without a default that `given` does not fill."""
    return sorted(
        name
        for name, spec in template.get("Parameters", {}).items()
        if "Default" not in spec and name not in given
    )


@dataclass(frozen=True)
class Plan:
    """What a deployment changes in one stack, by the reviewer's words."""

    stack: str
    new_stack: bool
    unchanged: bool
    changes: list[Change]


def plan(
    stack: str,
    deployed: dict[str, Any] | None,
    deployed_parameters: dict[str, str],
    body: dict[str, Any],
    parameters: dict[str, str],
) -> Plan:
    """Compare the template (and parameters) deployed now with the one to deploy."""
    if deployed is None:
        definition = _definition(body)
        summary = f"new stack: a state machine of {_count_states(definition)} states"
        changes = [Change("stack-added", (), summary)]
        changes += policy_diff(
            {"Statement": []}, _role_part(body, _ROLE_POLICY), label="role policy"
        )
        return Plan(stack, True, False, changes)
    unchanged = _same(deployed, body) and deployed_parameters == parameters
    changes = _describe(deployed, body)
    for name in sorted(set(parameters) | set(deployed_parameters)):
        old, new = deployed_parameters.get(name), parameters.get(name)
        if old != new:
            message = f"parameter {name}: {old!r} -> {new!r}"
            changes.append(Change("parameter-changed", (name,), message, old, new))
    return Plan(stack, False, unchanged, changes)


def _same(deployed: dict[str, Any], body: dict[str, Any]) -> bool:
    return json.dumps(deployed, sort_keys=True) == json.dumps(body, sort_keys=True)


def _describe(deployed: dict[str, Any] | None, body: dict[str, Any]) -> list[Change]:
    """The definition's semantic diff and the IAM diff (role and trust policies)."""
    old = deployed or {}
    changes = semantic_diff(_definition(old), _definition(body))
    for label, path in (("role policy", _ROLE_POLICY), ("trust policy", _TRUST_POLICY)):
        changes.extend(policy_diff(_role_part(old, path), _role_part(body, path), label=label))
    return changes


def _definition(template: dict[str, Any]) -> dict[str, Any]:
    """The definition in a deployable template (placeholders as written), or an empty one."""
    machine = template.get("Resources", {}).get(STATE_MACHINE, {}).get("Properties", {})
    value = machine.get("DefinitionString")
    if isinstance(value, dict):
        value = value.get("Fn::Sub")
    if isinstance(value, list) and value:
        value = value[0]
    try:
        found = json.loads(value) if isinstance(value, str) else {}
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}


def _count_states(container: dict[str, Any]) -> int:
    """States of a definition, those of Parallel branches and Map processors included."""
    count = 0
    for state in container.get("States", {}).values():
        count += 1
        for branch in state.get("Branches", []):
            count += _count_states(branch)
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                count += _count_states(state[key])
    return count


def _role_part(template: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    node: Any = template.get("Resources", {}).get(ROLE, {}).get("Properties", {})
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return {"Statement": []}
    return unsub(node)


def unsub(value: Any) -> Any:
    """`{"Fn::Sub": "arn:${AWS::Partition}:..."}` back to its string, for reading diffs."""
    if isinstance(value, dict):
        if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
            return value["Fn::Sub"]
        return {k: unsub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unsub(v) for v in value]
    return value
