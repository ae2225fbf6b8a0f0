"""Witness: cfn-lint's Step Functions schema (rule E3601) accepts every JSONPath definition."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.jsonpath.helpers import compile_as
from tests.jsonpath.test_golden import FILES, REJECTED, _id


def cfn_lint_findings(definition: dict[str, Any], substitutions: dict[str, str]) -> list[str]:
    from cfnlint.api import ManualArgs, lint

    properties: dict[str, Any] = {
        "RoleArn": "arn:aws:iam::123456789012:role/r",
        "Definition": definition,
    }
    if substitutions:
        properties["DefinitionSubstitutions"] = {k: "x" for k in substitutions}
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": properties}
        },
    }
    matches = lint(
        json.dumps(template), config=ManualArgs(regions=["us-east-1"], include_checks=["E3601"])
    )
    return [f"{'/'.join(str(p) for p in m.path)}: {m.message}" for m in matches]


@pytest.mark.parametrize("path", [p for p in FILES if p.stem not in REJECTED], ids=_id)
def test_cfn_lint_accepts_jsonpath_definitions(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = compile_as(path, "JSONPath", monkeypatch)
    for workflow in result.workflows:
        findings = cfn_lint_findings(workflow.definition, workflow.substitutions)
        # A `${Placeholder}` Resource is replaced by CloudFormation before Step Functions reads
        # it; cfn-lint checks the text as written (the same waiver as tests/validate).
        findings = [f for f in findings if not f.split(": ")[0].endswith("/Resource")]
        # cfn-lint's schema has no `Parameters` on a Parallel state; AWS documents it
        # ("Parameters (Optional, JSONPath only): used to pass information to the state machines
        # defined in the Branches array", https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html).
        # The literal ASL form passes its input that way.
        parallels = _parallel_states(workflow.definition)
        findings = [
            f
            for f in findings
            if not (
                "('Parameters' was unexpected)" in f
                and f.split(": ")[0].split("/")[-2] in parallels
            )
        ]
        assert findings == [], workflow.name


def test_cfn_lint_can_fail() -> None:
    broken = {
        "QueryLanguage": "JSONPath",
        "StartAt": "A",
        "States": {
            "A": {
                "Type": "Choice",
                "Choices": [{"Variable": "$x", "StringEqualz": "a", "Next": "B"}],
                "Default": "B",
            },
            "B": {"Type": "Succeed"},
        },
    }
    assert cfn_lint_findings(broken, {})


def _parallel_states(scope: dict[str, Any]) -> set[str]:
    found: set[str] = set()
    for name, state in scope.get("States", {}).items():
        if state.get("Type") == "Parallel":
            found.add(name)
        for inner in [*state.get("Branches", []), state.get("ItemProcessor") or {}]:
            found |= _parallel_states(inner)
    return found
