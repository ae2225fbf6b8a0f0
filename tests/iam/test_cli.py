"""`flowdsl policy`: prints policies for any ASL file; bad input is a message and exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flowdsl.cli.main import main
from tests.iam import cases
from tests.iam.seeds import INVENTORY, INVENTORY_SUBSTITUTIONS


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
        raise SystemExit(0)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def _write(path: Path, document: Any) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_prints_all_policies_with_substitutions_beside_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "InventoryStateMachine"
    folder.mkdir()
    definition = _write(folder / "definition.asl.json", INVENTORY)
    _write(folder / "substitutions.json", INVENTORY_SUBSTITUTIONS)
    code, out, err = _run(["policy", definition], capsys)
    assert (code, err) == (0, "")
    printed = json.loads(out)
    assert set(printed) == {"role", "trust", "worker"}
    assert printed["role"]["Statement"][0]["Resource"] == [
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:Orders"
    ]
    assert printed["trust"]["Statement"][0]["Condition"]["ArnLike"]["aws:SourceArn"].endswith(
        ":stateMachine:InventoryStateMachine"
    )


def test_kind_name_and_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    definition = _write(
        tmp_path / "flow.asl.json", cases.task("arn:aws:states:::aws-sdk:s3:listBuckets")
    )
    code, out, _ = _run(
        ["policy", definition, "--name", "Lister", "--kind", "role", "--logging", "--tracing"],
        capsys,
    )
    assert code == 0
    actions = {a for s in json.loads(out)["Statement"] for a in s["Action"]}
    assert {"s3:ListAllMyBuckets", "logs:PutLogEvents", "xray:PutTraceSegments"} <= actions
    code, out, _ = _run(["policy", definition, "--kind", "worker"], capsys)
    assert (code, out.strip()) == (0, "null")


def test_warnings_go_to_stderr_and_resources_can_be_declared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = cases.task(
        "arn:aws:states:::sqs:sendMessage", {"QueueUrl": "{% $states.input.queue %}"}
    )
    definition = _write(tmp_path / "flow.asl.json", document)
    code, out, err = _run(["policy", definition, "--kind", "role"], capsys)
    assert code == 0
    assert "warning: state 'Call' (/States/Call/Arguments/QueueUrl)" in err
    assert json.loads(out)["Statement"][0]["Resource"] == ["*"]
    queue = "arn:aws:sqs:us-east-1:123456789012:Orders"
    code, out, err = _run(
        ["policy", definition, "--kind", "role", "--resource", f"Call={queue}"], capsys
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["Statement"][0]["Resource"] == [queue]


def test_underivable_action_exits_2_and_can_be_declared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    definition = _write(
        tmp_path / "flow.asl.json", cases.task("arn:aws:states:::aws-sdk:apigateway:getRestApis")
    )
    code, out, err = _run(["policy", definition], capsys)
    assert (code, out) == (2, "")
    assert err.startswith("error: state 'Call': flowdsl cannot derive the IAM action")
    code, out, _ = _run(
        ["policy", definition, "--kind", "role", "--action", "Call=apigateway:GET"], capsys
    )
    assert code == 0 and "apigateway:GET" in out


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("{not json", [], "not valid JSON"),
        ("[1, 2]", [], "an ASL definition is a JSON object"),
        ('{"States": {}}', ["--substitutions", "MISSING.json"], "cannot read substitutions"),
        ('{"States": {}}', ["--resource", "no-equals-sign"], "STATE=VALUE"),
        ('{"States": {}}', ["--name", "has space"], "not a state machine name"),
        (
            '{"States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",'
            ' "Arguments": {"QueueUrl": "nope"}}}}',
            [],
            "is not an SQS queue URL",
        ),
    ],
)
def test_bad_input_is_a_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, extra: list[str], message: str
) -> None:
    path = tmp_path / "bad.asl.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = _run(["policy", str(path), *extra], capsys)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err
    assert "Traceback" not in err


def test_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["policy", str(tmp_path / "nope.json")], capsys)
    assert code == 2 and "cannot read definition" in err
