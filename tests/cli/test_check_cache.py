"""The records behind a fast `compile --check`: a module is compiled again only when something it
was made from changed; generated files are compared with the recorded hashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_flowdsl

FLOW = """\
import json
from pathlib import Path

from flowdsl import Queue, workflow
from helpers import QUEUE_NAME

LIMITS = json.loads((Path(__file__).parent / "limits.json").read_text())
jobs = Queue(QUEUE_NAME)


@workflow
def cached(job):
    jobs.send_message(MessageBody={"job": job, "limit": LIMITS["max"]})
"""

# Runs `compile --check` in-process and says whether the compiler was imported (the slow path).
PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['flowdsl', 'compile', '--check']\n"
    "code = 0\n"
    "try:\n    runpy.run_module('flowdsl.cli.main', run_name='__main__')\n"
    "except SystemExit as exc:\n    code = exc.code\n"
    "print(code, 'flowdsl.build.compiling' in sys.modules, 'flowdsl.dsl' in sys.modules)\n"
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "cached.py").write_text(FLOW, encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "helpers.py").write_text('QUEUE_NAME = "jobs"\n', encoding="utf-8")
    (flows / "limits.json").write_text('{"max": 3}', encoding="utf-8")
    assert run_in(tmp_path, "compile").returncode == 0
    return tmp_path


def project_env(root: Path) -> dict[str, str]:
    # `lib/` is importable the way a project's own package would be.
    return {**os.environ, "PYTHONPATH": str(root / "lib")}


def run_in(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_flowdsl(root, *args, env=project_env(root))


def probe(root: Path, script: str = PROBE) -> tuple[int, bool, bool]:
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env=project_env(root),
    )
    code, compiled, imported = out.stdout.split()
    return int(code), compiled == "True", imported == "True"


def test_unchanged_tree_is_checked_without_compiling(tree: Path) -> None:
    record = json.loads((tree / ".flowdsl_cache" / "records.json").read_text())
    # What the flow read: itself, the module it imports and the data file it opens.
    names = sorted(Path(p).name for p in record["modules"]["flows/cached.py"]["inputs"])
    assert names == ["cached.py", "helpers.py", "limits.json"]
    assert (tree / ".flowdsl_cache" / ".gitignore").read_text().endswith("*\n")
    assert probe(tree) == (0, False, False)
    check = run_in(tree, "compile", "--check")
    assert check.returncode == 0 and "generated files up to date" in check.stderr


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("flows/cached.py", FLOW.replace('"limit"', '"cap"')),  # the flow
        ("lib/helpers.py", 'QUEUE_NAME = "other"\n'),  # a module it imports
        ("flows/limits.json", '{"max": 4}'),  # a file it reads
        # settings that shape the output
        (
            "pyproject.toml",
            '[tool.flowdsl.environments.prod]\nJobsQueueUrl = "https://sqs.us-east-1.amazonaws.com/123456789012/q"\n',
        ),
    ],
)
def test_a_changed_input_is_compiled_and_found_stale(tree: Path, path: str, text: str) -> None:
    (tree / path).write_text(text, encoding="utf-8")
    code, compiled, _ = probe(tree)
    assert (code, compiled) == (1, True)


def test_another_output_directory_needs_no_compile(tree: Path) -> None:
    (tree / "pyproject.toml").write_text('[tool.flowdsl]\ngenerated = "out"\n', encoding="utf-8")
    # The flows did not change: their records say what out/ must hold, and it holds nothing.
    assert probe(tree) == (1, False, False)


def test_a_new_flow_file_is_not_missed(tree: Path) -> None:
    (tree / "flows" / "other.py").write_text(
        FLOW.replace("def cached", "def other"), encoding="utf-8"
    )
    assert probe(tree)[:2] == (1, True)


@pytest.mark.parametrize("change", ["edit", "extra", "delete"])
def test_a_touched_generated_tree_is_judged_from_the_records(tree: Path, change: str) -> None:
    definition = tree / "generated" / "Cached" / "definition.asl.json"
    if change == "edit":
        definition.write_text(definition.read_text().replace("jobs", "jobz"), encoding="utf-8")
    elif change == "extra":
        (definition.parent / "role-policy-old.json").write_text("{}", encoding="utf-8")
    else:
        definition.unlink()
    # The flow did not change: its recorded outputs say what generated/ must hold, no compile.
    # An unknown extra file is not flowdsl's: the tree is still clean.
    assert probe(tree) == (0 if change == "extra" else 1, False, False)
    assert run_in(tree, "compile", "--check", "--no-cache").returncode == probe(tree)[0]


def test_a_broken_record_is_ignored_and_rewritten(tree: Path) -> None:
    record = tree / ".flowdsl_cache" / "records.json"
    record.write_text("{not json", encoding="utf-8")
    assert probe(tree) == (0, True, True)
    assert list(json.loads(record.read_text())["modules"]) == ["flows/cached.py"]
    assert probe(tree) == (0, False, False)


def test_no_cache_compiles_and_records_nothing(tree: Path) -> None:
    (tree / ".flowdsl_cache" / "records.json").unlink()
    check = run_in(tree, "compile", "--check", "--no-cache")
    assert check.returncode == 0, check.stderr
    assert not (tree / ".flowdsl_cache" / "records.json").exists()


def test_an_unchanged_tree_is_checked_without_click(tree: Path) -> None:
    probe_click = PROBE.replace("'flowdsl.dsl' in sys.modules", "'click' in sys.modules")
    assert probe(tree, probe_click) == (0, False, False)


@pytest.mark.parametrize("edit", [False, True])
def test_the_direct_check_says_what_the_click_command_says(tree: Path, edit: bool) -> None:
    # `compile --check` is answered without click (flowdsl.cli.main); `--generated generated`
    # asks the same question through the click command.
    if edit:
        (tree / "flows" / "limits.json").write_text('{"max": 5}', encoding="utf-8")
    for quiet in ([], ["-q"]):
        direct = run_in(tree, "compile", "--check", *quiet)
        through_click = run_in(tree, "compile", "--check", *quiet, "--generated", "generated")
        assert direct.returncode == through_click.returncode == (1 if edit else 0)
        assert (direct.stdout, direct.stderr) == (through_click.stdout, through_click.stderr)


def test_the_direct_compile_writes_what_the_click_command_writes(tmp_path: Path) -> None:
    outputs = []
    for via_click in (False, True):
        root = tmp_path / str(via_click)
        (root / "flows").mkdir(parents=True)
        (root / "flows" / "limits.json").write_text('{"max": 3}', encoding="utf-8")
        (root / "flows" / "cached.py").write_text(FLOW, encoding="utf-8")
        (root / "lib").mkdir()
        (root / "lib" / "helpers.py").write_text('QUEUE_NAME = "jobs"\n', encoding="utf-8")
        done = run_in(root, "compile", *(["--generated", "generated"] if via_click else []))
        files = {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "generated").rglob("*"))
            if p.is_file()
        }
        outputs.append((done.returncode, done.stdout, done.stderr, files))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0 and outputs[0][3]
