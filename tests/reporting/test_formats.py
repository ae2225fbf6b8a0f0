"""--format json/github/sarif on compile, validate, policy and run: every problem at its file,
line and column; SARIF logs valid against the OASIS SARIF 2.1.0 schema; GitHub annotations in
the workflow-command syntax; colour only on a terminal without NO_COLOR."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from flowdsl.reporting.color import colorize, enabled, styled
from tests.conftest import run_flowdsl

SARIF_SCHEMA = json.loads((Path(__file__).with_name("sarif-schema-2.1.0.json")).read_text())
# `::error file=F,line=L,col=C,title=T::message` (GitHub's "Setting an error message"); values
# escape %, CR, LF (and , : in properties), so one annotation is one line.
ANNOTATION = re.compile(
    r"^::(error|warning|notice) (?P<props>(?:[a-zA-Z]+=[^,:\n]*)(?:,[a-zA-Z]+=[^,:\n]*)*)::"
    r"(?P<message>[^\r\n]*)$"
)

BROKEN_FLOW = """from flowdsl import Queue, workflow

orders = Queue("Orders")


@workflow
def broken():
    orders.send_message(MessageBody="x", Bogus=1)
"""
BROKEN_ASL = """{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Pass", "Next": "Nowhere"}
  }
}
"""


def sarif_valid(text: str) -> dict[str, Any]:
    log = json.loads(text)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    return log


def annotations(text: str) -> list[dict[str, str]]:
    found = []
    for line in text.splitlines():
        match = ANNOTATION.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in match.group("props").split(","))
        found.append({"level": match.group(1), **props, "message": match.group("message")})
    return found


@pytest.fixture
def broken_project(tmp_path: Path) -> Path:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "broken.py").write_text(BROKEN_FLOW)
    return tmp_path


def test_compile_reports_a_python_error_at_its_line_in_every_format(broken_project: Path) -> None:
    text = run_flowdsl(broken_project, "compile")
    assert text.returncode == 2
    assert "flows/broken.py:8:42: error[FD151]" in text.stderr
    assert "\x1b[" not in text.stderr  # piped: no colour

    as_json = run_flowdsl(broken_project, "compile", "--format", "json")
    assert as_json.returncode == 2
    (finding,) = json.loads(as_json.stdout)["findings"]
    assert finding["path"] == "flows/broken.py"
    assert (finding["line"], finding["column"], finding["code"]) == (8, 42, "FD151")
    assert finding["severity"] == "error" and "Bogus" in finding["message"]

    github = run_flowdsl(broken_project, "compile", "--format", "github")
    (annotation,) = annotations(github.stdout)
    assert annotation["level"] == "error"
    assert (annotation["file"], annotation["line"], annotation["col"]) == (
        "flows/broken.py",
        "8",
        "42",
    )
    assert annotation["title"] == "flowdsl FD151"

    sarif = sarif_valid(run_flowdsl(broken_project, "compile", "--format", "sarif").stdout)
    (result,) = sarif["runs"][0]["results"]
    assert result["ruleId"] == "FD151" and result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "flows/broken.py"
    assert location["region"]["startLine"] == 8 and location["region"]["startColumn"] == 42
    assert not (broken_project / "generated").exists()


def test_check_reports_each_stale_file(broken_project: Path) -> None:
    flow = broken_project / "flows" / "broken.py"
    flow.write_text(BROKEN_FLOW.replace(", Bogus=1", ""))
    assert run_flowdsl(broken_project, "compile").returncode == 0
    flow.write_text(BROKEN_FLOW.replace('"x", Bogus=1', '"y"'))
    checked = run_flowdsl(broken_project, "compile", "--check", "--format", "json")
    assert checked.returncode == 1
    report = json.loads(checked.stdout)
    assert "Broken/definition.asl.json" in report["generated_files"]["stale"]
    stale = [f for f in report["findings"] if f["code"] == "generated-stale"]
    assert "generated/Broken/definition.asl.json" in {f["path"] for f in stale}
    github = annotations(
        run_flowdsl(broken_project, "compile", "--check", "--format", "github").stdout
    )
    assert {"generated/Broken/definition.asl.json"} <= {a["file"] for a in github}
    sarif_valid(run_flowdsl(broken_project, "compile", "--check", "--format", "sarif").stdout)


def test_validate_maps_json_pointers_to_lines_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.asl.json"
    path.write_text(BROKEN_ASL)
    as_json = json.loads(run_flowdsl(tmp_path, "validate", str(path), "--format", "json").stdout)
    problems = {p["code"]: p for p in as_json["files"][0]["problems"]}
    assert (problems["ASL201"]["line"], problems["ASL201"]["column"]) == (4, 27)  # "Next"
    assert (problems["ASL203"]["line"], problems["ASL203"]["column"]) == (3, 3)  # "States"
    github = annotations(run_flowdsl(tmp_path, "validate", str(path), "--format", "github").stdout)
    assert {(a["line"], a["col"], a["title"]) for a in github} == {
        ("4", "27", "flowdsl ASL201"),
        ("3", "3", "flowdsl ASL203"),
    }
    sarif = sarif_valid(run_flowdsl(tmp_path, "validate", str(path), "--format", "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert {r["properties"]["jsonPointer"] for r in results} == {"/States", "/States/A/Next"}


def test_policy_and_run_place_findings_at_the_state(tmp_path: Path) -> None:
    path = tmp_path / "send.asl.json"
    path.write_text(
        '{\n  "StartAt": "Go",\n  "States": {\n    "Go": {\n      "Type": "Task",\n'
        '      "Resource": "arn:aws:states:::sqs:sendMessage",\n'
        '      "Arguments": {"QueueUrl": "{% $states.input.q %}", "MessageBody": "x"},\n'
        '      "End": true\n    }\n  }\n}\n'
    )
    policy = json.loads(run_flowdsl(tmp_path, "policy", str(path), "--format", "json").stdout)
    assert policy["policies"]["role"]["Statement"]
    (warning,) = policy["findings"]
    assert (warning["line"], warning["column"], warning["severity"]) == (7, 21, "warning")
    sarif_valid(run_flowdsl(tmp_path, "policy", str(path), "--format", "sarif").stdout)

    failed = run_flowdsl(
        tmp_path, "run", str(path), "--mock", 'Go={"error": "SQS.Boom", "cause": "down"}',
        "--format", "github",
    )  # fmt: skip
    assert failed.returncode == 1
    (annotation,) = annotations(failed.stdout)
    assert (annotation["line"], annotation["col"], annotation["title"]) == (
        "4",
        "5",
        "flowdsl SQS.Boom",
    )
    sarif_valid(
        run_flowdsl(
            tmp_path, "run", str(path), "--mock", 'Go={"error": "SQS.Boom"}', "--format", "sarif"
        ).stdout
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "flows/a.py:1:2: error[FD151]: bad\n   1 | x\n     | ^\n  = help: do y"
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert enabled(Terminal()) and not enabled(io.StringIO())
    coloured = styled(text, Terminal())
    assert "\x1b[31m" in coloured and "\x1b[36m" in coloured  # red level, cyan help
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == text  # only styling added
    assert styled(text, io.StringIO()) == text
    monkeypatch.setenv("NO_COLOR", "1")
    assert not enabled(Terminal())
    assert "warning" in colorize("x: warning[FD210]: y")
