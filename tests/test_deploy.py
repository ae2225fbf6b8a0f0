"""The CloudFormation template of every workflow passes cfn-lint (an independent witness for the
definition, its substitutions and the IAM documents together)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CASES, FLOWS, compile_file

SOURCES = [FLOWS, *sorted(CASES.glob("*.py"))]


def templates() -> list[tuple[str, dict]]:
    found = []
    for path in SOURCES:
        for rel, text in sorted(compile_file(path).files().items()):
            if rel.endswith("/template.json"):
                found.append((rel, json.loads(text)))
    return found


@pytest.fixture(scope="module")
def lint():  # type: ignore[no-untyped-def]
    from cfnlint.api import ManualArgs
    from cfnlint.api import lint as cfn_lint

    def run(template: dict, tmp: Path) -> list[str]:
        path = tmp / "template.json"
        path.write_text(json.dumps(template))
        matches = cfn_lint(path.read_text(), config=ManualArgs(regions=["us-east-1"]))
        return [f"{m.rule.id} {m.message}" for m in matches]

    return run


@pytest.mark.parametrize(
    ("rel", "template"), templates(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_template_passes_cfn_lint(rel: str, template: dict, lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    findings = [f for f in lint(template, tmp_path) if not _known_cfn_lint_gap(f)]
    assert findings == []


def _known_cfn_lint_gap(finding: str) -> bool:
    # cfn-lint's schema types TimeoutSeconds/HeartbeatSeconds as numbers only. In JSONata
    # states AWS accepts a `{% %}` expression there (it replaced TimeoutSecondsPath); AWS CDK
    # emits exactly that for `Timeout.jsonata(...)`:
    # https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_stepfunctions.Timeout.html
    return finding.startswith("E3601 '{%") and finding.endswith("is not of type 'number'")


def test_template_wires_placeholders_and_role() -> None:
    ((_, template),) = [t for t in templates() if t[0].startswith("InventoryStateMachine/")]
    machine = template["Resources"]["StateMachine"]["Properties"]
    assert machine["DefinitionSubstitutions"] == {
        "OrdersQueueUrl": {
            "Fn::Sub": "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/Orders"
        }
    }
    assert machine["RoleArn"] == {"Fn::GetAtt": ["StateMachineRole", "Arn"]}
    role = template["Resources"]["StateMachineRole"]["Properties"]
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "states.amazonaws.com"}
    assert role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"] == ["sqs:SendMessage"]
