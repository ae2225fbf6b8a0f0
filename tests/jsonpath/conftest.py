"""Fixtures for the JSONPath target's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from flowdsl.compiler import CompileResult
from tests.jsonpath.helpers import compile_as


@pytest.fixture
def compile_jsonpath(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], CompileResult]:
    """Compile a flow file with every workflow in it switched to JSONPath."""
    return lambda path: compile_as(path, "JSONPath", monkeypatch)
