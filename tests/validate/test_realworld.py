"""Published definitions: `validate` must accept what AWS accepts and reject what it rejects.

The corpus (tests/validate/realworld/, rebuilt by `collect.py`, provenance in provenance.json) holds
every definition found in aws-samples/step-functions-workflows-collection,
aws-samples/aws-stepfunctions-examples, aws-samples/serverless-patterns,
aws-samples/serverless-samples, LocalStack's Step Functions tests (recorded against AWS) and
asl-validator's fixtures. `definitions/` should be valid; `invalid/` holds the validators'
fixtures that are invalid by intent.

Where flowdsl disagrees, the case is listed below with the reason: either the definition is truly
invalid (AWS rejects it; the page says why), or the disagreement is known and not yet settled
(a false rejection or acceptance to fix, with the evidence for AWS's behaviour).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flowdsl.validate import validate_definition
from flowdsl.validate.loading import load_definition

ROOT = Path(__file__).parent / "realworld"
VALID = sorted((ROOT / "definitions").glob("*.asl.json"))
INVALID = sorted((ROOT / "invalid").glob("*.asl.json"))
PROVENANCE = json.loads((ROOT / "provenance.json").read_text(encoding="utf-8"))
DG = "https://docs.aws.amazon.com/step-functions/latest/dg/"

# Published, but invalid: (a distinctive part of the file name) -> (rule, why, AWS page).
TRULY_INVALID: dict[str, tuple[str, str]] = {
    "map-state-label-empty-fail": (
        "ASL105",
        "Label may not be empty; "
        + DG
        + "state-map-distributed.html (LocalStack's AWS-validated test expects CreateStateMachine to fail)",
    ),
    "map-state-label-invalid-char-fail": (
        "ASL105",
        "Label may not hold whitespace or special characters; "
        + DG
        + "state-map-distributed.html (test expects failure)",
    ),
    "map-state-label-too-long-fail": (
        "ASL105",
        "Label is at most 40 characters; "
        + DG
        + "state-map-distributed.html (test expects failure)",
    ),
    "invalid-credentials-field": (
        "ASL102",
        "Credentials holds only RoleArn; "
        + DG
        + "state-task.html (LocalStack's test_invalid_credentials_field expects CreateStateMachine to fail)",
    ),
    "base-invalid-state-definition": (
        "ASL103",
        "unknown state Type; " + DG + "workflow-states.html",
    ),
    "base-map-state-machine-choice-fail": (
        "ASL200",
        "StartAt names no state (a TestState fixture, not a machine); "
        + DG
        + "statemachine-structure.html",
    ),
    "task-retry-reference-exception": (
        "ASL700",
        "Resource '$.FunctionName' is not an ARN; " + DG + "state-task.html",
    ),
    "task-lambda-invoke-catch-tbd": (
        "ASL105",
        "ErrorEquals is empty (LocalStack's test fills it in); "
        + DG
        + "concepts-error-handling.html",
    ),
    "service-lambda-invoke-catch-tbd": (
        "ASL105",
        "ErrorEquals is empty (LocalStack's test fills it in); "
        + DG
        + "concepts-error-handling.html",
    ),
    "lambda-sfn-sls-statemachine": (
        "ASL104",
        "YAML reads the unquoted state names True/False as booleans, so Next is not a string; "
        + DG
        + "statemachine-structure.html",
    ),
    "shared-fallback-state-jsonata": (
        "ASL104",
        "QueryLanguage is written inside States, where every member must be a state object; "
        + DG
        + "statemachine-structure.html",
    ),
    "definitions-valid-assign-asl": (
        "ASL607",
        "variable name 'top-level' is not an identifier; " + DG + "workflow-variables.html",
    ),
    "definitions-valid-map-with-item-batcher-jsonata-json": (
        "ASL115",
        "a JSONPath state inside a JSONata state machine; " + DG + "statemachine-structure.html",
    ),
    "definitions-valid-task-parameters-json": (
        "ASL700",
        "an arn:aws:swf task is no Task Resource AWS documents; " + DG + "state-task.html",
    ),
    "definitions-valid-task-timeout-jsonata-json": (
        "ASL700",
        "an arn:aws:swf task is no Task Resource AWS documents; " + DG + "state-task.html",
    ),
    "definitions-valid-task-credentials-json": (
        "ASL700",
        "an arn:aws:swf task, and Credentials fields other than RoleArn; " + DG + "state-task.html",
    ),
}

# Known disagreements, not yet settled: flowdsl rejects, AWS (or the fixture's author) accepts.
KNOWN_FALSE_REJECTIONS: dict[str, str] = {
    "map-item-reader-base-csv-headers-decl": "ASL104: CSVHeaders given as a string",
    "map-state-items-literal": "ASL104: Items given as a string",
    "pipes-sqs-to-lambda-with-stepfunction-enrichment": "ASL104: Parameters as an array (a deployed sample)",
    "definitions-valid-parameters-array-json": "ASL104: Parameters as an array",
    "definitions-valid-pass-array-json": "ASL104: Parameters as an array",
    "human-task-reminder": "ASL104: Seconds is a ${Placeholder} string filled by DefinitionSubstitutions",
    "definitions-valid-path-array-context-json": "ASL600: a Jayway script expression [(@.length-1)]",
    "definitions-valid-map-noconfig-asl-json": "ASL501: Distributed Map fields on a Map without ProcessorConfig",
    "definitions-valid-map-tolerated-json": "ASL501: ToleratedFailure* on a Map without ProcessorConfig",
}

# asl-validator's invalid fixtures that flowdsl accepts: whitespace inside {% %} is not known to
# be rejected by AWS (its documentation shows "{% expression %}" and says nothing of the spaces).
KNOWN_FALSE_ACCEPTANCES: dict[str, str] = {
    "surround-syntax-extra-spaces": "a newline and spaces inside {% %}",
    "surround-syntax-no-spaces": "{%10%} without spaces",
}


def _entry(path: Path, table: dict[str, object]) -> str | None:
    keys = [key for key in table if key in path.name]
    assert len(keys) <= 1, (path.name, keys)
    return keys[0] if keys else None


def _problems(path: Path) -> list[str]:
    loaded = load_definition(str(path))
    problems = loaded.problems + validate_definition(loaded.doc, size=loaded.size)
    return [p.code for p in problems]


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name[:100])
def test_published_definition(path: Path) -> None:
    codes = _problems(path)
    invalid = _entry(path, TRULY_INVALID)  # type: ignore[arg-type]
    if invalid is not None:
        assert TRULY_INVALID[invalid][0] in codes, codes
    elif _entry(path, KNOWN_FALSE_REJECTIONS) is not None:  # type: ignore[arg-type]
        assert codes, "now accepted: remove it from KNOWN_FALSE_REJECTIONS"
    else:
        assert codes == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name[:100])
def test_invalid_fixture_is_rejected(path: Path) -> None:
    codes = _problems(path)
    if _entry(path, KNOWN_FALSE_ACCEPTANCES) is not None:  # type: ignore[arg-type]
        assert codes == [], "now rejected: remove it from KNOWN_FALSE_ACCEPTANCES"
    else:
        assert codes


def test_every_listed_case_exists_and_the_corpus_is_large_enough() -> None:
    names = [p.name for p in VALID + INVALID]
    for table in (TRULY_INVALID, KNOWN_FALSE_REJECTIONS, KNOWN_FALSE_ACCEPTANCES):
        for key in table:
            assert sum(key in name for name in names) == 1, key
    assert len(VALID) >= 300


def test_every_definition_has_its_provenance() -> None:
    files = {f"{p.parent.name}/{p.name}" for p in VALID + INVALID}
    assert set(PROVENANCE) == files
    for origin in PROVENANCE.values():
        assert re.fullmatch(r"[0-9a-f]{40}", origin["commit"])
        assert origin["repository"] and origin["path"]
