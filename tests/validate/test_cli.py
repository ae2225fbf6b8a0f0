"""`flowdsl validate` and `flowdsl schema`: output format, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from flowdsl.cli.main import cli
from tests.validate.conftest import INVALID, VALID


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_valid_files_exit_zero() -> None:
    code, out, err = run(*map(str, VALID))
    assert code == 0 and out == ""
    assert f"{len(VALID)} of {len(VALID)} file(s) valid" in err


def test_invalid_file_prints_pointer_and_code(tmp_path: Path) -> None:
    definition = json.loads(next(p for p in INVALID if "catch-target" in p.name).read_text())[
        "definition"
    ]
    path = write(tmp_path, "flow.asl.json", json.dumps(definition))
    code, out, _ = run(path)
    assert code == 1
    assert f"{path}: /States/Check Inventory/Catch/0/Next: error[ASL201]: " in out


def test_json_format(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}')
    code, out, _ = run("--format", "json", path)
    report = json.loads(out)
    assert code == 1 and report["exit_code"] == 1
    problems = report["files"][0]["problems"]
    assert [p["code"] for p in problems] == ["ASL203", "ASL110"]
    assert problems[1] == {
        "code": "ASL110",
        "pointer": "/States/A",
        "state": "A",
        "message": 'state needs a Next or "End": true',
        "hint": 'add "End": true to finish here',
        "line": 1,  # where the pointer's key starts in the file
        "column": 29,
    }


def test_express_flag(tmp_path: Path) -> None:
    seed = next(p for p in VALID if p.name.startswith("seed-001"))
    assert run(str(seed))[0] == 0
    code, out, _ = run("--workflow-type", "express", str(seed))
    assert code == 1 and "error[ASL703]" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty"),
        (b"{not json", "not valid JSON"),
        (b"[" * 200000, "nested too deeply"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_unreadable_input_exits_two(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path, "x.json", content)
    code, out, _ = run(path)
    assert code == 2 and message in out and "Traceback" not in out


def test_wrong_shape_json_exits_one(tmp_path: Path) -> None:
    code, out, _ = run(write(tmp_path, "list.json", "[1, 2]"))
    assert code == 1 and "error[ASL104]" in out


def test_missing_file_and_valid_file_together_exit_two(tmp_path: Path) -> None:
    code, out, _ = run(str(VALID[0]), str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in out


def test_rules_listing() -> None:
    code, out, _ = run("--rules")
    assert code == 0 and out.splitlines()[0].startswith("ASL101  ")
    code, out, _ = run("--rules", "--format", "json")
    assert {"code", "description", "source"} == set(json.loads(out)[0])


def test_no_paths_is_a_usage_error() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "error:" in proc.stderr and "Traceback" not in proc.stderr


def test_deep_json_through_the_real_entry_point(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.json", b"[" * 200000)
    proc = subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", "validate", path],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr + proc.stdout


def test_schema_command_prints_the_shipped_schema() -> None:
    from flowdsl.asl.schema_gen import shipped_schema_text

    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0 and result.stdout == shipped_schema_text()
    assert json.loads(result.stdout)["$schema"].endswith("2020-12/schema")


def test_importing_validate_is_light() -> None:
    code = (
        "import sys, flowdsl.validate; print('pydantic' in sys.modules, 'jsonata' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.split() == ["False", "False"]


def test_same_output_under_any_hash_seed(tmp_path: Path) -> None:
    paths = [str(p) for p in INVALID[:20]]
    definitions = []
    for i, path in enumerate(paths):
        target = tmp_path / f"{i}.json"
        target.write_text(json.dumps(json.loads(Path(path).read_text())["definition"]))
        definitions.append(str(target))
    outputs = set()
    for seed in ("0", "1", "12345"):
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "flowdsl.cli.main",
                "validate",
                "--format",
                "json",
                *definitions,
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert proc.returncode == 1
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_directory_means_every_asl_file_below_it(tmp_path: Path) -> None:
    code, _, err = run(str(VALID[0].parent))
    assert code == 0 and f"{len(VALID)} of {len(VALID)} file(s) valid" in err
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code != 0 and "no *.asl.json" in str(result.exception)
