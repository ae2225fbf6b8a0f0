"""Golden cases: every supported construct and the four seed workflows, as generated ASL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CASES, FLOWS, compiled_documents

CASE_FILES = sorted(CASES.glob("*.py"))
FLOW_FILES = sorted(FLOWS.glob("*.py"))


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_construct(path: Path, json_snapshot) -> None:  # type: ignore[no-untyped-def]
    assert compiled_documents(path) == json_snapshot


@pytest.mark.parametrize("path", FLOW_FILES, ids=lambda p: p.stem)
def test_seed_workflow(path: Path, json_snapshot) -> None:  # type: ignore[no-untyped-def]
    assert compiled_documents(path) == json_snapshot


def test_generated_directory_matches_flows() -> None:
    """generated/ in the repository is what the compiler makes of flows/ today."""
    from tests.conftest import ROOT, compile_file

    files = compile_file(FLOWS).files()
    for rel, text in files.items():
        assert (ROOT / "generated" / rel).read_text(encoding="utf-8") == text, rel
