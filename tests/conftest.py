"""Shared test helpers: compiling flow files, running the CLI, snapshotting JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from flowdsl.compiler import CompileResult, compile_paths

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "compiler" / "cases"
FLOWS = ROOT / "flows"


def run_flowdsl(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`flowdsl ARGS` in a fresh interpreter, as a user runs it (exit code not checked)."""
    return subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run the long differential tests too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="needs --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def compile_file(path: Path) -> CompileResult:
    return compile_paths([path], ROOT)


def compiled_documents(path: Path) -> dict[str, object]:
    """Every generated file of a flow file, parsed, keyed by its path under generated/."""
    result = compile_file(path)
    assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
    return {
        rel: json.loads(text) if rel.endswith(".json") else text
        for rel, text in sorted(result.files().items())
    }


@pytest.fixture
def json_snapshot(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(JSONSnapshotExtension)
