"""Compile a flow file with every workflow in it switched to the other query language."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from flowdsl.build import compiling, loading
from flowdsl.build.compiling import CompileResult, compile_paths
from tests.conftest import ROOT


def compile_as(path: Path, query_language: str, monkeypatch: pytest.MonkeyPatch) -> CompileResult:
    """Like `flowdsl compile path`, with `@workflow(query_language=...)` overridden."""

    def load(module_path: Path, root: Path, recorder: Any = None) -> loading.FlowModule:
        module = loading.load_module(module_path, root, recorder)
        workflows = tuple(
            dataclasses.replace(w, query_language=query_language) for w in module.workflows
        )
        return dataclasses.replace(module, workflows=workflows)

    monkeypatch.setattr(compiling, "load_module", load)
    return compile_paths([path], ROOT)


def definitions(result: CompileResult) -> dict[str, Any]:
    """Each workflow's ASL by state machine name."""
    return {w.name: w.definition for w in result.workflows}
