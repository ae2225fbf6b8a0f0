"""Random flowdsl programs compiled to JSONPath and to JSONata ASL, imported back and recompiled,
must behave
as the first compilation does: same output or error, same calls, on the program's own input.

The programs are the differential tests' (tests/differential): their Lambda functions are
Python functions, so both definitions run against the same behaviour, not canned answers.
Programs whose definition uses what the import refuses (each refusal is a clear message, tested
in test_import) are counted, and must stay a minority.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings

from flowdsl.errors import FlowdslError
from flowdsl.importer import Definition, import_definition
from flowdsl.importer.verify import recompile
from tests.differential.generator import KNOWN_BUGS, Program, programs
from tests.differential.generator_jsonpath import JSONPATH_KNOWN_BUGS, JsonPathGen
from tests.differential.runtime import CompileRejected, compile_program, run_asl

pytestmark = pytest.mark.filterwarnings(
    "ignore:The recursion limit will not be reset:hypothesis.errors.HypothesisWarning"
)
BASE = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
jsonpath_programs = programs(avoid=JSONPATH_KNOWN_BUGS, generator=JsonPathGen)
jsonata_programs = programs(avoid=KNOWN_BUGS)
REFUSED: list[str] = []


def _round_trip(program: Program) -> None:
    try:
        original = compile_program(program.source)
    except CompileRejected:
        return  # the differential tests report these
    try:
        module = import_definition(Definition("Generated", original, "generated.asl.json"))
    except FlowdslError as exc:
        REFUSED.append(str(exc))
        event("refused")
        return
    # The imported module declares each Lambda function by its ${...} reference, which is how
    # the differential runtime recognises it.
    recompiled = recompile(module.source, "Generated")
    before, after = run_asl(original, program.input), run_asl(recompiled, program.input)
    assert after.agrees_with(before), (
        f"original: {before.describe()}\nimported: {after.describe()}\n\n{module.source}"
    )
    event("same behaviour")


@settings(BASE, max_examples=60)
@given(jsonpath_programs)
def test_imported_program_behaves_like_the_compiled_one(program: Program) -> None:
    _round_trip(program)


@pytest.mark.slow
@settings(BASE, max_examples=1500)
@given(jsonpath_programs)
def test_imported_program_behaves_like_the_compiled_one_slow(program: Program) -> None:
    _round_trip(program)


@settings(BASE, max_examples=60)
@given(jsonata_programs)
def test_imported_jsonata_program_behaves_like_the_compiled_one(program: Program) -> None:
    _round_trip(program)


@pytest.mark.slow
@settings(BASE, max_examples=1500)
@given(jsonata_programs)
def test_imported_jsonata_program_behaves_like_the_compiled_one_slow(program: Program) -> None:
    _round_trip(program)
