"""Published definitions: `validate` must accept what AWS accepts and reject what it rejects.

The corpus (tests/validate/realworld/, rebuilt by `collect.py`, provenance in provenance.json) holds
every definition found in aws-samples/step-functions-workflows-collection,
aws-samples/aws-stepfunctions-examples, aws-samples/serverless-patterns,
aws-samples/serverless-samples, LocalStack's Step Functions tests (recorded against AWS),
asl-validator's fixtures and statelint's invalid fixtures. `definitions/` should be valid;
`invalid/` holds the validators' fixtures that are invalid by intent, each with its reason.

Where the corpus and AWS disagree, the case is listed below with the evidence: a published
definition that is truly invalid (AWS rejects it; the page says why), or a validator's "invalid"
fixture that AWS accepts.
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
    "map-item-reader-base-csv-headers-decl": (
        "ASL104",
        "CSVHeaders is an array of column names (LocalStack's test replaces the '__TBD__' string "
        "before it creates the machine); " + DG + "input-output-itemreader.html",
    ),
    "map-state-items-literal": (
        "ASL104",
        "Items is a JSON array or a JSONata expression (LocalStack's test replaces the '_tbd_' "
        "string before it creates the machine); " + DG + "input-output-items.html",
    ),
    "human-task-reminder": (
        "ASL104",
        "Seconds is a number; the sample's YAML leaves ${ReminderTimeout} unquoted, but as JSON "
        "(this corpus) the placeholder is filled inside its quotes and stays a string, which "
        "CreateStateMachine rejects with 'SCHEMA_VALIDATION_FAILED: Expected value of type "
        "Integer' (serverless-operations/serverless-step-functions#188, #602); "
        + DG
        + "state-wait.html",
    ),
    "definitions-valid-path-array-context-json": (
        "ASL600",
        "[(@.length-1)] is a script expression of Goessner's JSONPath, which Jayway JsonPath "
        "(the engine Step Functions paths follow) does not have: its PathCompiler reads only "
        "['name'], [index], slices, [*] and [?(filter)] in brackets; "
        + DG
        + "amazon-states-language-paths.html",
    ),
    "definitions-valid-map-noconfig-asl-json": (
        "ASL501",
        "ItemReader, ResultWriter and Label are Distributed Map fields, and a Map without "
        "ProcessorConfig runs Inline, whose fields do not include them; "
        + DG
        + "state-map-inline.html and "
        + DG
        + "state-map-distributed.html",
    ),
    "definitions-valid-map-tolerated-json": (
        "ASL501",
        "ToleratedFailureCount/Percentage are Distributed Map fields, on a legacy Iterator Map "
        "(which runs Inline); "
        + DG
        + "state-map-inline.html and "
        + DG
        + "state-map-distributed.html",
    ),
}

# Validators' invalid fixtures that AWS accepts, by the evidence: counted as valid.
NOT_INVALID: dict[str, str] = {
    "surround-syntax-extra-spaces": (
        'a newline and spaces inside {% %}: AWS documents the form as "{% <JSONata expression> '
        '%}" (' + DG + "transforming-data.html) and multi-line expressions are accepted "
        "(aws/aws-cdk#35912, fixed by #35985 to match); LocalStack's lexer, tested against AWS, "
        "takes any text between '\"{%' and '%}\"' (ASLLexer.g4, STRINGJSONATA)"
    ),
    "surround-syntax-no-spaces": (
        "{%10%}: the same lexer rule needs no space after {% or before %}; AWS CDK's check is "
        "/^{%(.*)%}$/ (aws/aws-cdk#35985)"
    ),
}

# Why each invalid fixture is invalid, where the fixture does not say so itself (statelint's spec
# example and asl-validator's Comment are in provenance.json as "reason").
REASONS: dict[str, str] = {
    "invalid-error-equals-json": "'Error Equals' (with a space) is no Catch field, and ErrorEquals is missing",
    "invalid-error-equals-type": "ErrorEquals holds a boolean, and StartAt names no state",
    "invalid-inexistant-state": "Next names a state that does not exist",
    "invalid-parallel-branch-type": "a branch is an array, not a state machine object",
    "invalid-parallel-missing-branches": "a Parallel state without Branches",
    "invalid-unreachable-state": "a state no transition reaches",
    "invalid-downgrade-query-language": (
        "a JSONPath state inside a JSONata state machine (LocalStack's validation test; "
        + DG
        + "statemachine-structure.html)"
    ),
    "invalid-cfn-definition-substitutions": "'${lambdaArn' is an unclosed placeholder, no ARN",
    "invalid-map-missing-iterator": "a Map state without ItemProcessor or Iterator",
    "invalid-state-name-too-long": "a state name over 80 characters (service-quotas.html)",
    "invalid-task-alias-function": "a Lambda ARN ending in ':' (an empty alias)",
    "invalid-task-credentials-null": (
        "Credentials is null, not an object (flowdsl rejects the arn:aws:swf Resource; a null "
        "Credentials alone it accepts, as it reads null as absent: not settled)"
    ),
    "invalid-task-credentials-object": "Credentials holds fields other than RoleArn",
    "test-has-dupes-json": "duplicate keys (statelint's test/test_retval.sh expects it to fail)",
    "test-linked-parallel-json": "Next from one branch into another, and from outside into a branch",
    "test-no-terminal-json": "no state ends the workflow",
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
    else:
        assert codes == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name[:100])
def test_invalid_fixture_is_rejected(path: Path) -> None:
    codes = _problems(path)
    if _entry(path, NOT_INVALID) is not None:  # type: ignore[arg-type]
        assert codes == []
    else:
        assert codes


def test_every_invalid_fixture_says_why() -> None:
    for path in INVALID:
        origin = PROVENANCE[f"invalid/{path.name}"]
        said = origin.get("reason") or _entry(path, REASONS) or _entry(path, NOT_INVALID)  # type: ignore[arg-type]
        assert said, f"{path.name}: add the reason it is invalid to REASONS"


def test_agreement_with_aws_over_the_whole_corpus() -> None:
    """The figures the README reports: accepted of the valid, rejected of the invalid."""
    valid = [p for p in VALID if _entry(p, TRULY_INVALID) is None]  # type: ignore[arg-type]
    valid += [p for p in INVALID if _entry(p, NOT_INVALID) is not None]  # type: ignore[arg-type]
    invalid = [p for p in VALID if _entry(p, TRULY_INVALID) is not None]  # type: ignore[arg-type]
    invalid += [p for p in INVALID if _entry(p, NOT_INVALID) is None]  # type: ignore[arg-type]
    accepted = sum(not _problems(p) for p in valid)
    rejected = sum(bool(_problems(p)) for p in invalid)
    assert (len(valid), len(invalid)) == (616, 105)
    assert accepted / len(valid) >= 0.99, (accepted, len(valid))
    assert rejected / len(invalid) >= 0.97, (rejected, len(invalid))


def test_every_listed_case_exists_and_the_corpus_is_large_enough() -> None:
    names = [p.name for p in VALID + INVALID]
    for table in (TRULY_INVALID, NOT_INVALID, REASONS):
        for key in table:
            assert sum(key in name for name in names) == 1, key
    assert len(VALID) >= 300


def test_every_definition_has_its_provenance() -> None:
    files = {f"{p.parent.name}/{p.name}" for p in VALID + INVALID}
    assert set(PROVENANCE) == files
    for origin in PROVENANCE.values():
        assert re.fullmatch(r"[0-9a-f]{40}", origin["commit"])
        assert origin["repository"] and origin["path"]
