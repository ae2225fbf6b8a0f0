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
from tests.differential.generator_jsonpath import JSONPATH_KNOWN_BUGS, JsonPathGen
from tests.differential.oracle import check

# derandomize: CI sees the same programs every run; no example database (no state in the tree).
pytestmark = pytest.mark.filterwarnings(
    # jsonata-python raises the recursion limit the first time it runs; hypothesis notices.
    "ignore:The recursion limit will not be reset:hypothesis.errors.HypothesisWarning"
)
BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(BASE, max_examples=300)
@given(programs())
def test_compiled_workflow_agrees_with_python(program: Program) -> None:
    check(program.source, program.input)


@pytest.mark.slow
@settings(BASE, max_examples=4000)
@given(programs())
def test_compiled_workflow_agrees_with_python_slow(program: Program) -> None:
    check(program.source, program.input)


# The same statements with expressions a JSONPath workflow can say (paths, intrinsics, Choice).
jsonpath_programs = programs(avoid=JSONPATH_KNOWN_BUGS, generator=JsonPathGen)


@settings(BASE, max_examples=150)
@given(jsonpath_programs)
def test_compiled_jsonpath_workflow_agrees_with_python(program: Program) -> None:
    check(program.source, program.input)


@pytest.mark.slow
@settings(BASE, max_examples=2000)
@given(jsonpath_programs)
def test_compiled_jsonpath_workflow_agrees_with_python_slow(program: Program) -> None:
    check(program.source, program.input)
