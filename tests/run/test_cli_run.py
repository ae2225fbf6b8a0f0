"""`flowdsl run`: exit codes, formats, mocks from the command line, and clean errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flowdsl.cli.main import main

from .conftest import seed_definition

DEFINITION = {
    "StartAt": "Check",
    "States": {
        "Check": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${CheckFunctionArn}", "Payload.$": "$"},
            "OutputPath": "$.Payload",
            "Next": "Route",
        },
        "Route": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Done"}],
            "Default": "Reject",
        },
        "Done": {"Type": "Succeed"},
        "Reject": {"Type": "Fail", "Error": "Rejected", "Cause": "not ok"},
    },
}


def invoke(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(["run", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "generated" / "checker"
    folder.mkdir(parents=True)
    (folder / "definition.asl.json").write_text(json.dumps(DEFINITION))
    (folder / "substitutions.json").write_text(
        json.dumps({"CheckFunctionArn": "arn:aws:lambda:eu-west-1:1:function:check"})
    )
    return folder


def test_success_text_trace_and_exit_0(workflow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = invoke(
        [
            "checker",
            "--input",
            '{"id": 1}',
            "--mock",
            'Check={"result": {"Payload": {"ok": true}}}',
        ],
        capsys,
    )
    assert (code, err) == (0, "")
    assert "> Check (Task)" in out
    assert (
        '"FunctionName": "arn:aws:lambda:eu-west-1:1:function:check"' in out
    )  # substitutions.json
    assert "Route: rule 0 matched, next Done" in out
    assert out.rstrip().endswith('execution SUCCEEDED, output {"ok": true}')


def test_failed_execution_json_format_and_exit_1(
    workflow: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mock_file = tmp_path / "check.json"
    mock_file.write_text(json.dumps({"result": {"Payload": {"ok": False}}}))
    input_file = tmp_path / "input.json"
    input_file.write_text('{"id": 2}')
    code, out, _ = invoke(
        [
            "generated/checker/definition.asl.json",
            "--input",
            str(input_file),
            "--mock",
            f"Check={mock_file}",
            "--format",
            "json",
            "--substitution",
            "CheckFunctionArn=arn:x",
        ],
        capsys,
    )
    assert code == 1
    document = json.loads(out)
    assert (document["status"], document["error"], document["cause"]) == (
        "FAILED",
        "Rejected",
        "not ok",
    )
    assert document["trace"][2]["arguments"]["FunctionName"] == "arn:x"


def test_mock_error_form(workflow: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = invoke(
        ["checker", "--mock", 'Check={"error": "Lambda.ServiceException", "cause": "down"}'], capsys
    )
    assert code == 1
    assert "execution FAILED: Lambda.ServiceException: down" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "unknown workflow 'nope'"),
        (["checker", "--input", "{bad"], "--input: not valid JSON"),
        (["checker", "--input", "missing.json"], "--input file 'missing.json': no such file"),
        (["checker", "--mock", 'Ghost={"result": 1}'], "no state of that name"),
        (["checker", "--mock", 'Route={"result": 1}'], "a Choice state"),
        (["checker", "--mock", 'Check={"value": 1}'], "expected exactly one of"),
        (["checker", "--mock", "Check"], "--mock expects NAME=VALUE"),
        (["checker"], "no mock for Task state 'Check'"),
    ],
)
def test_bad_usage_exits_2_with_a_message(
    workflow: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = invoke(args, capsys)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_malformed_definition_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.asl.json"
    broken.write_text(
        json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}})
    )
    code, _, err = invoke([str(broken)], capsys)
    assert code == 2 and "state 'Nowhere' does not exist" in err
    broken.write_text("{not json")
    code, _, err = invoke([str(broken)], capsys)
    assert code == 2 and "not valid JSON" in err


def test_real_process_runs_a_seed_without_traceback(tmp_path: Path) -> None:
    seed = tmp_path / "inventory.asl.json"
    seed.write_text(json.dumps(seed_definition("001")))
    command: list[Any] = [
        sys.executable,
        "-m",
        "flowdsl.cli.main",
        "run",
        str(seed),
        "--mock",
        'Check Inventory={"result": "done"}',
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert '"Callback Task started by Step Functions succeeded"' in completed.stdout
    missing = subprocess.run(command[:5], capture_output=True, text=True, check=False, timeout=60)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
