"""Find the ASL definitions in the files a user imports: ASL JSON/YAML or SAM/CloudFormation.

A template's state machines are `AWS::StepFunctions::StateMachine` (`Definition`,
`DefinitionString`, `DefinitionS3Location`) and `AWS::Serverless::StateMachine` (`Definition`,
`DefinitionUri`), each with optional `DefinitionSubstitutions`, `StateMachineName` and `Type`.
Sources: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
and https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-statemachine.html
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flowdsl.errors import UsageError
from flowdsl.validate.loading import Unreadable, load_definition

_STATE_MACHINE_TYPES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")
_YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Definition:
    """One state machine found in a file, with what its template says about it."""

    name: str  # the workflow name: StateMachineName, the template's logical ID, or the file stem
    asl: dict[str, Any]
    origin: str  # "file.asl.json" or "template.yaml#LogicalId"
    workflow_type: str | None = None  # STANDARD / EXPRESS when a template says so
    substitutions: dict[str, Any] = field(default_factory=dict)
    # placeholder -> CloudFormation type of the template resource its substitution refers to
    placeholder_types: dict[str, str] = field(default_factory=dict)


class _TemplateLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) as the long
    forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`, `{"Fn::Sub": ...}`)."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_TemplateLoader.add_multi_constructor("!", _intrinsic)


def read_definitions(path: Path) -> list[Definition]:
    """Every state machine in `path`; UsageError (exit 2) when there is none or it is unreadable."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file (give an .asl.json, .asl.yaml or a template)")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UsageError(
            f"{path}: larger than {MAX_FILE_BYTES:,} bytes; not an ASL file or template"
        )
    document = _parse(path)
    if not isinstance(document, dict):
        raise UsageError(
            f"{path}: expected a JSON or YAML object (an ASL definition or a template)"
        )
    if "States" in document or "StartAt" in document:
        return [Definition(name=_stem(path), asl=document, origin=path.name)]
    resources = document.get("Resources")
    if isinstance(resources, dict):
        found = [
            _from_resource(path, logical_id, resource, resources)
            for logical_id, resource in resources.items()
            if isinstance(resource, dict) and resource.get("Type") in _STATE_MACHINE_TYPES
        ]
        if found:
            return found
        raise UsageError(
            f"{path}: the template has no {' or '.join(_STATE_MACHINE_TYPES)} resource to import"
        )
    raise UsageError(
        f"{path}: neither an ASL definition (no 'States' or 'StartAt') nor a template "
        "(no 'Resources')"
    )


def _parse(path: Path) -> Any:
    if path.suffix.lower() in _YAML_SUFFIXES:
        return _parse_yaml(path.read_bytes(), str(path))
    try:
        return load_definition(str(path)).doc
    except Unreadable as exc:
        # Not JSON: a template or ASL written as YAML under a .json or other suffix.
        try:
            return _parse_yaml(path.read_bytes(), str(path))
        except UsageError:
            raise UsageError(f"{path}: {exc}") from None


def _parse_yaml(raw: bytes, where: str) -> Any:
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_TemplateLoader)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise UsageError(f"{where}{at}: not valid YAML or JSON: {problem}") from None
    except RecursionError:
        raise UsageError(f"{where}: nested too deeply to be an ASL definition") from None


def _from_resource(
    path: Path, logical_id: str, resource: dict[str, Any], resources: dict[str, Any]
) -> Definition:
    properties = resource.get("Properties") or {}
    where = f"{path.name}#{logical_id}"
    if not isinstance(properties, dict):
        raise UsageError(f"{where}: Properties must be an object")
    asl = _definition_of(path, where, properties)
    substitutions = properties.get("DefinitionSubstitutions") or {}
    if not isinstance(substitutions, dict):
        raise UsageError(f"{where}: DefinitionSubstitutions must be an object")
    name = properties.get("StateMachineName") or properties.get("Name")  # CloudFormation, SAM
    workflow_type = properties.get("Type") or properties.get("StateMachineType")
    return Definition(
        name=name if isinstance(name, str) and name else logical_id,
        asl=asl,
        origin=where,
        workflow_type=workflow_type.upper() if isinstance(workflow_type, str) else None,
        substitutions=substitutions,
        placeholder_types=_placeholder_types(substitutions, resources),
    )


def _placeholder_types(substitutions: dict[str, Any], resources: dict[str, Any]) -> dict[str, str]:
    """`{"CheckFnArn": {"Fn::GetAtt": ["CheckFn", "Arn"]}}` -> `{"CheckFnArn": "AWS::Lambda::..."}`."""
    types: dict[str, str] = {}
    for placeholder, value in substitutions.items():
        target = None
        if isinstance(value, dict) and len(value) == 1:
            ((function, argument),) = value.items()
            if function == "Ref" and isinstance(argument, str):
                target = argument
            elif function == "Fn::GetAtt":
                parts = argument.split(".") if isinstance(argument, str) else argument
                target = parts[0] if isinstance(parts, list) and parts else None
        resource = resources.get(target) if isinstance(target, str) else None
        if isinstance(resource, dict) and isinstance(resource.get("Type"), str):
            types[placeholder] = resource["Type"]
    return types


def _definition_of(path: Path, where: str, properties: dict[str, Any]) -> dict[str, Any]:
    if isinstance(properties.get("Definition"), dict):
        return properties["Definition"]
    text = properties.get("DefinitionString")
    if isinstance(text, dict) and len(text) == 1:
        # {"Fn::Sub": "..."} or {"Fn::Sub": ["...", {...}]} or {"Fn::Join": ["", [...]]}
        ((function, argument),) = text.items()
        if function == "Fn::Sub":
            text = argument[0] if isinstance(argument, list) and argument else argument
        elif function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            text = _join(argument, where)
    if isinstance(text, str):
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise UsageError(f"{where}: DefinitionString is not JSON: {exc}") from None
        if isinstance(parsed, dict):
            return parsed
    for key in ("DefinitionUri", "DefinitionS3Location"):
        location = properties.get(key)
        if isinstance(location, str):
            local = (path.parent / location).resolve()
            if not local.is_file():
                raise UsageError(
                    f"{where}: {key} {location!r} is not a local file (only local paths can be "
                    "imported; download the definition from S3 first)"
                )
            definitions = read_definitions(local)
            return definitions[0].asl
        if isinstance(location, dict):
            raise UsageError(
                f"{where}: {key} points at S3 ({json.dumps(location, sort_keys=True)}); download "
                "the definition and import the file"
            )
    raise UsageError(
        f"{where}: the state machine has no Definition, DefinitionString or local "
        "DefinitionUri / DefinitionS3Location to import"
    )


def _join(argument: list[Any], where: str) -> str:
    delimiter, parts = argument
    if not isinstance(delimiter, str) or not isinstance(parts, list):
        raise UsageError(f"{where}: DefinitionString's Fn::Join is not [delimiter, [parts]]")
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, dict) and set(part) == {"Ref"}:
            texts.append("${" + str(part["Ref"]) + "}")
        elif isinstance(part, dict) and set(part) == {"Fn::GetAtt"}:
            target = part["Fn::GetAtt"]
            texts.append("${" + ".".join(map(str, target)) + "}")
        else:
            raise UsageError(f"{where}: DefinitionString's Fn::Join has a part flowdsl cannot read")
    return delimiter.join(texts)


def _stem(path: Path) -> str:
    """`order-flow.asl.json` -> `order-flow`."""
    name = path.name
    for suffix in (".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def placeholders(asl: dict[str, Any]) -> list[str]:
    """The `${Name}` placeholders a definition uses, in order of first use."""
    text = json.dumps(asl, sort_keys=False)
    return list(dict.fromkeys(re.findall(r"\$\{([A-Za-z0-9_.:-]+)\}", text)))
