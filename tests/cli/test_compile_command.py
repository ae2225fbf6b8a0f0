"""`flowdsl compile`: writes only what changed, --check/--diff, exit codes 0/1/2, orphans."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.conftest import run_flowdsl as run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "flows", tmp_path / "flows", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def snapshot_tree(path: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(path).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_compile_then_check_is_clean(project: Path) -> None:
    assert run(project, "compile", "--check").returncode == 1  # nothing generated yet
    first = run(project, "compile")
    assert first.returncode == 0, first.stderr
    assert "wrote generated/BookstoreOrderFlow/definition.asl.json" in first.stdout
    check = run(project, "compile", "--check")
    assert check.returncode == 0, check.stderr
    assert check.stdout == ""


def test_second_compile_writes_nothing(project: Path) -> None:
    assert run(project, "compile").returncode == 0
    before = snapshot_tree(project / "generated")
    second = run(project, "compile")
    assert second.returncode == 0
    assert "wrote" not in second.stdout
    assert snapshot_tree(project / "generated") == before


def test_check_names_stale_missing_and_orphaned_files(project: Path) -> None:
    retired = project / "flows" / "retired.py"
    retired.write_text(
        'from flowdsl import workflow\n\n\n@workflow(name="RetiredFlow")\n'
        'def retired():\n    return "done"\n'
    )
    assert run(project, "compile").returncode == 0
    retired.unlink()  # its generated files are orphans now
    generated = project / "generated"
    stale = generated / "InventoryStateMachine" / "definition.asl.json"
    stale.write_text(stale.read_text().replace("Notify Failure", "Notify Oops"))
    (generated / "BookstoreOrderFlow" / "substitutions.json").unlink()
    orphan = generated / "RetiredFlow" / "definition.asl.json"
    users_note = generated / "NOTES.md"
    users_note.write_text("kept\n")
    before = snapshot_tree(generated)

    check = run(project, "compile", "--check")
    assert check.returncode == 1
    assert "stale: generated/InventoryStateMachine/definition.asl.json" in check.stderr
    assert "missing: generated/BookstoreOrderFlow/substitutions.json" in check.stderr
    assert "orphaned: generated/RetiredFlow/definition.asl.json" in check.stderr
    assert snapshot_tree(generated) == before  # --check writes nothing

    fix = run(project, "compile")
    assert fix.returncode == 0
    assert "removed generated/RetiredFlow/definition.asl.json" in fix.stdout
    assert not orphan.parent.exists()
    assert users_note.read_text() == "kept\n"
    assert run(project, "compile", "--check").returncode == 0


def test_diff_prints_unified_diff_and_writes_nothing(project: Path) -> None:
    assert run(project, "compile").returncode == 0
    flow = project / "flows" / "inventory.py"
    flow.write_text(flow.read_text().replace("# state: Notify Success", "# state: Tell Success"))
    before = snapshot_tree(project / "generated")
    diff = run(project, "compile", "--diff")
    assert diff.returncode == 1
    assert "--- a/generated/InventoryStateMachine/definition.asl.json" in diff.stdout
    assert '+    "Tell Success": {' in diff.stdout
    assert '-    "Notify Success": {' in diff.stdout
    summary = diff.stdout.split("--- a/")[0]
    assert "generated/InventoryStateMachine/definition.asl.json:" in summary
    assert "Notify Success" in summary and "Tell Success" in summary  # the rename, in words
    assert snapshot_tree(project / "generated") == before


def test_compile_error_writes_nothing_and_exits_2(project: Path) -> None:
    flow = project / "flows" / "inventory.py"
    flow.write_text(flow.read_text().replace("callback=True", "callback=True, Bogus=1"))
    result = run(project, "compile")
    assert result.returncode == 2
    assert "error[FD151]" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "generated").exists()


def test_bad_usage_exits_2(project: Path) -> None:
    assert run(project, "compile", "--no-such-flag").returncode == 2
    missing = run(project, "compile", "does/not/exist.py")
    assert missing.returncode == 2 and "no such flow file" in missing.stderr
    (project / "pyproject.toml").write_text("[tool.flowdsl\n")
    broken = run(project, "compile")
    assert broken.returncode == 2 and "invalid TOML" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_help_is_complete() -> None:
    top = run(ROOT, "--help")
    assert top.returncode == 0
    for name in ("compile", "validate", "run", "policy", "graph", "diff", "schema"):
        assert name in top.stdout
    sub = run(ROOT, "compile", "--help")
    assert "--check" in sub.stdout and "--diff" in sub.stdout and "Exit codes" in sub.stdout


def test_config_moves_flows_and_generated(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "flows", tmp_path / "workflows", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flowdsl]\nflows = "workflows"\ngenerated = "out/asl"\n'
    )
    assert run(tmp_path, "compile").returncode == 0
    assert (tmp_path / "out" / "asl" / "InventoryStateMachine" / "definition.asl.json").exists()


def test_cold_check_does_not_import_heavy_modules(project: Path) -> None:
    assert run(project, "compile").returncode == 0
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['flowdsl', 'compile', '--check']\n"
        "try:\n    runpy.run_module('flowdsl.cli.main', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'jsonschema', 'botocore.session', 'boto3', 'jsonata')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    assert out.stdout.strip() == ""


def test_environments_get_their_own_substitutions(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.flowdsl.environments.prod]\n"
        'OrdersQueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/Orders"\n'
    )
    assert run(project, "compile").returncode == 0
    prod = project / "generated" / "InventoryStateMachine" / "substitutions.prod.json"
    assert json.loads(prod.read_text()) == {
        "OrdersQueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/Orders"
    }
    (project / "pyproject.toml").write_text("")
    check = run(project, "compile", "--check")
    assert "orphaned: generated/InventoryStateMachine/substitutions.prod.json" in check.stderr
    bad = project / "pyproject.toml"
    bad.write_text("[tool.flowdsl.environments.prod]\nOrdersQueueUrl = 3\n")
    result = run(project, "compile")
    assert result.returncode == 2 and "map placeholders to strings" in result.stderr
