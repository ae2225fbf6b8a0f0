"""Files given to `flowdsl import` may come from anyone: each hostile one ends quickly with
exit 2 and a message, in bounded memory, and nothing is written."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

BOMB = "\n".join(
    [
        f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]"
        for i in range(1, 9)
    ]
)
TEMPLATE_HEAD = "Resources:\n  SM:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"

CASES = {
    "alias-bomb.yaml": (
        'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + BOMB + "\n"
        "Resources:\n  SM:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n"
        "      Definition:\n        StartAt: A\n        States:\n"
        "          A: {Type: Pass, Result: *i, End: true}\n",
        "YAML aliases expand to more than 1,000,000 values",
    ),
    "alias-cycle.asl.yaml": ("a: &a [1, *a]\n", "a YAML alias refers to a value that contains it"),
    "deep.asl.json": ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
    "long-number.asl.json": (
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": ' + "9" * 6000 + "}}}",
        "a number has 6,000 digits",
    ),
    "long-number.asl.yaml": (
        "StartAt: A\nStates:\n  A: {Type: Pass, Result: " + "9" * 6000 + ", End: true}\n",
        "a number has 6,000 digits",
    ),
    "deep-string.json": (
        json.dumps(
            {
                "Resources": {
                    "SM": {
                        "Type": "AWS::StepFunctions::StateMachine",
                        "Properties": {"DefinitionString": "[" * 5000 + "]" * 5000},
                    }
                }
            }
        ),
        "DefinitionString: JSON is nested too deeply",
    ),
    # A template whose DefinitionUri is itself: reading it again would never end.
    "self.yaml": (TEMPLATE_HEAD + "      DefinitionUri: self.yaml\n", "is not an ASL definition"),
    "syntax.asl.json": (
        '{"StartAt": "A", "States": {"A" {}}}',
        "syntax.asl.json:1:33: not valid JSON",
    ),
    "not-utf8.asl.json": (b'{"StartAt": "\xff"}', "not UTF-8 text"),
}


def _limited() -> None:  # pragma: no cover - runs in the child process
    # 1 GiB of address space: the alias bomb used to take 3 GiB before the bound.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _import(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flowdsl", "import", str(path), "-o", str(cwd / "out")],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limited,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_refused_with_a_message(tmp_path: Path, name: str) -> None:
    content, message = CASES[name]
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    done = _import(path, tmp_path)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.asl.json"
    os.mkfifo(fifo)
    done = _import(fifo, tmp_path)
    assert done.returncode == 2
    assert "is a named pipe (FIFO), not a regular file" in done.stderr
