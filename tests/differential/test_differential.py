"""Differential testing: generated workflows must mean the same compiled to ASL as in Python.

Each generated body runs as plain Python (mocked Lambda functions are Python functions, Fail and
mock failures are exceptions, parallel() calls its branches in order) and compiled by flowdsl,
executed by the offline runner with the same mocks. Output, or error name and cause, must match;
on success the calls made must match too. `--slow` runs thousands of programs.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.differential.generator import Program, programs
from tests.differential.oracle import check

# derandomize: CI sees the same programs every run; no example database (no state in the tree).
COMMON = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(max_examples=300, **COMMON)
@given(programs())
def test_compiled_workflow_agrees_with_python(program: Program) -> None:
    check(program.source, program.input)


@pytest.mark.slow
@settings(max_examples=4000, **COMMON)
@given(programs())
def test_compiled_workflow_agrees_with_python_slow(program: Program) -> None:
    check(program.source, program.input)
