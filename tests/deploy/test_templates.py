"""Every template form of every workflow passes cfn-lint, an independent witness for the
definition, its substitutions and the IAM documents together: the checked-in template.json,
what `flowdsl deploy` sends (the definition inline), and sam.json through SAM's transform."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.compiler import CompileResult
from flowdsl.deploy.stack import deployable_template
from tests.conftest import CASES, FLOWS, compile_file
from tests.deploy.helpers import require_sam_transform

SOURCES = [FLOWS, *sorted(CASES.glob("*.py"))]


def _compiled() -> list[CompileResult]:
    return [compile_file(path) for path in SOURCES]


COMPILED = _compiled()


def forms(filename: str) -> list[tuple[str, dict[str, Any], str]]:
    """(path under generated/, template, its definition's text) for every workflow."""
    found = []
    for result in COMPILED:
        files = result.files()
        for rel, text in sorted(files.items()):
            if rel.endswith(f"/{filename}"):
                definition = files[rel.rsplit("/", 1)[0] + "/definition.asl.json"]
                found.append((rel, json.loads(text), definition))
    return found


def lint(template: dict[str, Any], tmp: Path, definition: str) -> list[str]:
    from cfnlint.api import ManualArgs
    from cfnlint.api import lint as cfn_lint

    # The SAM transform reads DefinitionUri from beside the template.
    (tmp / "definition.asl.json").write_text(definition)
    path = tmp / "template.json"
    path.write_text(json.dumps(template))
    matches = cfn_lint(path.read_text(), config=ManualArgs(regions=["us-east-1"]))
    return [f"{m.rule.id} {m.message}" for m in matches]


def _known_cfn_lint_gap(finding: str) -> bool:
    # cfn-lint's schema types TimeoutSeconds/HeartbeatSeconds as numbers only. In JSONata
    # states AWS accepts a `{% %}` expression there (it replaced TimeoutSecondsPath); AWS CDK
    # emits exactly that for `Timeout.jsonata(...)`:
    # https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.Timeout.html
    return finding.startswith("E3601 '{%") and finding.endswith("is not of type 'number'")


def _ids(value: object) -> str:
    return value if isinstance(value, str) and value.endswith(".json") else ""


@pytest.mark.parametrize(("rel", "template", "definition"), forms("template.json"), ids=_ids)
def test_deployed_template_passes_cfn_lint(
    rel: str, template: dict, definition: str, tmp_path: Path
) -> None:
    body = deployable_template(template, definition)
    assert [f for f in lint(body, tmp_path, definition) if not _known_cfn_lint_gap(f)] == []


@pytest.mark.parametrize(("rel", "template", "definition"), forms("template.json")[:4], ids=_ids)
def test_checked_in_template_is_a_package_template(
    rel: str, template: dict, definition: str, tmp_path: Path
) -> None:
    # W3002: DefinitionS3Location names a local file, the form `aws cloudformation package`
    # uploads; nothing else may be found.
    assert lint(template, tmp_path, definition) == [
        "W3002 This code may only work with 'package' cli command"
    ]


@pytest.mark.parametrize(("rel", "template", "definition"), forms("sam.json"), ids=_ids)
def test_sam_template_passes_cfn_lint_with_the_sam_transform(
    rel: str, template: dict, definition: str, tmp_path: Path
) -> None:
    require_sam_transform()
    assert [f for f in lint(template, tmp_path, definition) if not _known_cfn_lint_gap(f)] == []


def test_a_broken_sam_template_is_caught() -> None:
    """The SAM witness works: a wrong property of the serverless resource is reported."""
    require_sam_transform()
    ((_, template, definition),) = [f for f in forms("sam.json") if "Inventory" in f[0]]
    (resource,) = template["Resources"].values()
    resource["Properties"]["Type"] = "SOMETIMES"
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        findings = lint(template, Path(tmp), definition)
    assert any("SOMETIMES" in f for f in findings), findings


def test_template_wires_placeholders_role_and_name_parameter() -> None:
    ((_, template, _),) = [f for f in forms("template.json") if "InventoryStateMachine/" in f[0]]
    machine = template["Resources"]["StateMachine"]["Properties"]
    assert machine["DefinitionS3Location"] == "definition.asl.json"
    assert "Definition" not in machine and "DefinitionString" not in machine
    assert machine["DefinitionSubstitutions"] == {
        "OrdersQueueUrl": {
            "Fn::Sub": "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/Orders"
        }
    }
    assert machine["StateMachineName"] == {"Ref": "StateMachineName"}
    assert template["Parameters"]["StateMachineName"]["Default"] == "InventoryStateMachine"
    assert machine["RoleArn"] == {"Fn::GetAtt": ["StateMachineRole", "Arn"]}
    role = template["Resources"]["StateMachineRole"]["Properties"]
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "states.amazonaws.com"}
    # The trust policy names the state machine by the parameter, not a fixed name.
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}"
        ":stateMachine:${StateMachineName}"
    }
    assert role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"] == ["sqs:SendMessage"]


def test_no_string_holds_a_placeholder_outside_fn_sub() -> None:
    """cfn-lint E1029's rule, checked on every form: `${...}` only inside Fn::Sub."""

    def outside(node: Any, inside: bool = False) -> list[str]:
        if isinstance(node, str):
            return [node] if "${" in node and not inside else []
        if isinstance(node, list):
            return [s for item in node for s in outside(item, inside)]
        if isinstance(node, dict):
            return [s for k, v in node.items() for s in outside(v, inside or k == "Fn::Sub")]
        return []

    for filename in ("template.json", "sam.json"):
        for rel, template, _ in forms(filename):
            assert outside(template) == [], rel


def test_deployable_template_inlines_the_definition_under_fn_sub() -> None:
    ((_, template, definition),) = [
        f for f in forms("template.json") if "InventoryStateMachine/" in f[0]
    ]
    machine = deployable_template(template, definition)["Resources"]["StateMachine"]
    text, variables = machine["Properties"]["DefinitionString"]["Fn::Sub"]
    assert json.loads(text) == json.loads(definition)
    assert set(variables) == {"OrdersQueueUrl"}
    assert "DefinitionS3Location" not in machine["Properties"]


def test_deployable_template_keeps_unknown_dollar_braces_literal() -> None:
    template = {"Resources": {"StateMachine": {"Properties": {"DefinitionS3Location": "d"}}}}
    text = '{"A": "${Known} ${AWS::Region} ${not a placeholder}"}'
    template["Resources"]["StateMachine"]["Properties"]["DefinitionSubstitutions"] = {"Known": "k"}
    body = deployable_template(template, text)
    sent, _ = body["Resources"]["StateMachine"]["Properties"]["DefinitionString"]["Fn::Sub"]
    assert sent == '{"A": "${Known} ${AWS::Region} ${!not a placeholder}"}'
