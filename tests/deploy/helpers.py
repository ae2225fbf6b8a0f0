"""Compiling a small flow file with a configuration, for the deploy tests."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from typing import Any

import pytest

from flowdsl.build.config import Config
from flowdsl.compiler import CompileResult, compile_paths


def compile_source(
    tmp: Path, source: str, environments: dict[str, dict[str, str]] | None = None
) -> CompileResult:
    path = tmp / "flow.py"
    path.write_text(textwrap.dedent(source))
    config = Config(
        root=tmp, flows=tmp, generated=tmp / "generated", environments=environments or {}
    )
    return compile_paths([path], tmp, config)


def documents(result: CompileResult) -> dict[str, Any]:
    """The compiled files by path under generated/, JSON ones parsed."""
    assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
    return {
        rel: json.loads(text) if rel.endswith(".json") else text
        for rel, text in result.files().items()
    }


def resources(policy: dict[str, Any]) -> set[str]:
    """Every resource a policy names, `Fn::Sub` unwrapped."""
    found: set[str] = set()
    for statement in policy["Statement"]:
        for resource in statement["Resource"]:
            found.add(resource["Fn::Sub"] if isinstance(resource, dict) else resource)
    return found


def require_sam_transform() -> None:
    """cfn-lint checks a SAM template only through aws-sam-translator; without it a SAM
    template would pass unchecked. `.ci/run` installs it (and sets FLOWDSL_REQUIRE_SAM=1)."""
    try:
        import samtranslator  # noqa: F401
    except ImportError:
        reason = "aws-sam-translator is not installed (pip install --no-deps aws-sam-translator)"
        if os.environ.get("FLOWDSL_REQUIRE_SAM") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
