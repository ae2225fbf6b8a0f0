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

from flowdsl.asl.reading import MAX_INTEGER_DIGITS, Unreadable, parse_json_text, read_file_bytes
from flowdsl.errors import UsageError

_STATE_MACHINE_TYPES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")
_YAML_SUFFIXES = (".yaml", ".yml")

# YAML aliases share one node, so `[*a, *a, ...]` nine deep is a few lines of text that expand
# to billions of values once written as JSON ("billion laughs"). Real templates hold a few
# thousand values; the bound refuses a bomb before anything expands it.
MAX_YAML_VALUES = 1_000_000


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
    document = _read_document(path)
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


def _read_document(path: Path) -> Any:
    """The file's JSON or YAML document, read within asl.reading's bounds (regular files only,
    at most its byte limit; depth and numbers checked)."""
    try:
        raw = read_file_bytes(str(path))
    except Unreadable as exc:
        hint = (
            " (give an .asl.json, .asl.yaml or a template)" if exc.reason == "no such file" else ""
        )
        raise UsageError(f"{exc}{hint}") from None
    if path.suffix.lower() not in _YAML_SUFFIXES and raw.lstrip()[:1] in (b"{", b"["):
        # JSON: its own messages (line and column of a syntax error) beat YAML's.
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        return parse_json_text(text, str(path), len(raw)).doc
    return _parse_yaml(raw, str(path))


def _parse_yaml(raw: bytes, where: str) -> Any:
    try:
        loader = _TemplateLoader(raw.decode("utf-8"))
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _refuse_alias_bombs(node, where)
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise UsageError(f"{where}: not UTF-8 text (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise UsageError(f"{where}{at}: not valid YAML or JSON: {problem}") from None
    except ValueError as exc:  # an integer longer than Python converts (sys.int_info)
        digits = re.search(r"value has (\d+) digits", str(exc))
        what = f"a number has {int(digits[1]):,} digits" if digits else str(exc)
        raise UsageError(
            f"{where}: {what}; flowdsl reads at most {MAX_INTEGER_DIGITS:,} (Step Functions keeps "
            "numbers as 64-bit floating point)"
        ) from None
    except RecursionError:
        raise UsageError(f"{where}: nested too deeply to be an ASL definition") from None


def _refuse_alias_bombs(root: yaml.Node, where: str) -> None:
    """Count the values the document holds once every alias is expanded, without expanding it;
    refuse an alias that contains itself (the document would be infinite)."""
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in _children(node))
            if expanded[key] > MAX_YAML_VALUES:
                raise UsageError(
                    f"{where}: its YAML aliases expand to more than {MAX_YAML_VALUES:,} values; "
                    "write the definition out without aliases"
                )
            continue
        if key in expanded:
            continue
        if key in on_path:
            mark = node.start_mark
            raise UsageError(
                f"{where}:{mark.line + 1}:{mark.column + 1}: a YAML alias refers to a value that "
                "contains it, so the document never ends; remove the alias"
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in expanded)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
            parsed = parse_json_text(text, f"{where}: DefinitionString").doc
        except Unreadable as exc:
            raise UsageError(str(exc)) from None
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
            document = _read_document(local)
            if not isinstance(document, dict) or "States" not in document:
                # A template here would be read again for its own DefinitionUri, possibly this
                # very file: only a definition file ends the chain.
                raise UsageError(
                    f"{where}: {key} {location!r} is not an ASL definition (no 'States')"
                )
            return document
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
