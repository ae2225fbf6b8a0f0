"""Independent witnesses: cfn-lint (E3601) and asl-validator must accept the valid corpus.

Where a witness disagrees with flowdsl, the AWS documentation decides, and the reason is written
in KNOWN_DISAGREEMENTS next to the exact finding that is waived.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.validate.conftest import VALID, load

ROOT = Path(__file__).resolve().parents[2]

# (corpus file, JSON path of the finding) -> why flowdsl is right.
KNOWN_DISAGREEMENTS: dict[tuple[str, str], str] = {
    # transforming-data.html: in JSONata states TimeoutSeconds, MaxConcurrency,
    # ToleratedFailureCount and ToleratedFailurePercentage accept "{% %}" expressions; cfn-lint's
    # Step Functions schema still requires numbers there.
    ("jsonata-all-states.asl.json", "States/Charge/TimeoutSeconds"): "JSONata expression",
    ("jsonata-all-states.asl.json", "States/Each Item/MaxConcurrency"): "JSONata expression",
    (
        "distributed-map-jsonata.asl.json",
        "States/Each Object/ToleratedFailureCount",
    ): "JSONata expression",
    (
        "distributed-map-jsonata.asl.json",
        "States/Each Object/ToleratedFailurePercentage",
    ): "JSONata expression",
    # A DefinitionSubstitutions placeholder: CloudFormation replaces it before Step Functions sees
    # the definition (cfn-lint checks the unsubstituted text).
    ("integrations.asl.json", "States/Substituted/Resource"): "placeholder",
    # state-parallel.html documents Parameters (JSONPath only) on Parallel; statemachine-structure
    # lists InputPath/OutputPath as common fields of every state but Fail, Succeed included.
    ("jsonpath-all-states.asl.json", "States/Fan Out/Parameters"): "documented field",
    ("jsonpath-all-states.asl.json", "States/Done/InputPath"): "documented field",
    ("jsonpath-all-states.asl.json", "States/Done/OutputPath"): "documented field",
}


def _cfn_findings(definition: dict) -> list[tuple[str, str]]:
    from cfnlint.api import ManualArgs, lint

    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Machine": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {
                    "RoleArn": "arn:aws:iam::123456789012:role/r",
                    "Definition": definition,
                },
            }
        },
    }
    matches = lint(
        json.dumps(template), config=ManualArgs(regions=["us-east-1"], include_checks=["E3601"])
    )
    found = []
    for match in matches:
        path = [str(p) for p in match.path]
        where = (
            "/".join(path[path.index("Definition") + 1 :])
            if "Definition" in path
            else "/".join(path)
        )
        found.append((where, match.message))
    return found


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_cfn_lint_accepts_valid_corpus(path: Path) -> None:
    findings = _cfn_findings(load(path))
    unexplained = [f for f in findings if (path.name, f[0]) not in KNOWN_DISAGREEMENTS]
    assert unexplained == []


def _asl_validator() -> str | None:
    local = ROOT / "node_modules" / ".bin" / "asl-validator"
    if local.exists():
        return str(local)
    return shutil.which("asl-validator")


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_asl_validator_accepts_valid_corpus(path: Path) -> None:
    tool = _asl_validator()
    if tool is None:
        pytest.skip("asl-validator not installed (npm install --no-save asl-validator@4.0.0)")
    proc = subprocess.run(
        [tool, "--json-path", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
