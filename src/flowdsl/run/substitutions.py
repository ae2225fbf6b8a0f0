"""`${Placeholder}` DefinitionSubstitutions: fill them in before running, with fakes by default.

Convention: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html
(a `${Name}` inside any string of the definition is replaced by the value given for Name).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_.:-]+)\}")
_ACCOUNT, _REGION = "123456789012", "us-east-1"

# CloudFormation pseudo parameters a substitution value may use (it is an Fn::Sub string).
# Source: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
PSEUDO_PARAMETERS = {
    "AWS::AccountId": _ACCOUNT,
    "AWS::Region": _REGION,
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "stack",
    "AWS::StackId": f"arn:aws:cloudformation:{_REGION}:{_ACCOUNT}:stack/stack/id",
}

# Suffix of a placeholder name -> the ARN shape of a fake value (checked in order).
_ARN_KINDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Function", "Lambda"), "arn:aws:lambda:{region}:{account}:function:{name}"),
    (("Queue",), "arn:aws:sqs:{region}:{account}:{name}"),
    (("Topic",), "arn:aws:sns:{region}:{account}:{name}"),
    (("Table",), "arn:aws:dynamodb:{region}:{account}:table/{name}"),
    (("StateMachine", "Workflow"), "arn:aws:states:{region}:{account}:stateMachine:{name}"),
    (("Bus", "EventBus"), "arn:aws:events:{region}:{account}:event-bus/{name}"),
    (("Bucket",), "arn:aws:s3:::{name}"),
)


def placeholders(value: Any) -> set[str]:
    """Every placeholder name used anywhere in `value`."""
    found: set[str] = set()
    if isinstance(value, str):
        found.update(PLACEHOLDER.findall(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            found |= placeholders(key) | placeholders(item)
    elif isinstance(value, list):
        for item in value:
            found |= placeholders(item)
    return found


def fake_value(name: str) -> str:
    """A deterministic stand-in shaped like what the name suggests (URL, ARN, plain name)."""
    base = name
    for suffix in ("Arn", "Url", "Name"):
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    if name.endswith("Url"):
        return f"https://sqs.{_REGION}.amazonaws.com/{_ACCOUNT}/{base}"
    if name.endswith("Arn"):
        for suffixes, shape in _ARN_KINDS:
            if base.endswith(suffixes):
                return shape.format(region=_REGION, account=_ACCOUNT, name=base)
        return f"arn:aws:fake:{_REGION}:{_ACCOUNT}:{base}"
    return base


def substitute(definition: Any, values: Mapping[str, Any] | None = None) -> Any:
    """A copy of `definition` with every `${Name}` replaced (given value, else a fake one)."""
    given = {
        k: _pseudo(str(v)) for k, v in (values or {}).items() if isinstance(v, str | int | float)
    }

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return given[name] if name in given else fake_value(name)

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return PLACEHOLDER.sub(replace, value) if "${" in value else value
        if isinstance(value, dict):
            return {walk(k): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(definition)


def _pseudo(value: str) -> str:
    return PLACEHOLDER.sub(lambda m: PSEUDO_PARAMETERS.get(m.group(1), m.group(0)), value)
