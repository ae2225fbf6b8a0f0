"""The differential check: run a program as Python and as compiled ASL; they must agree."""

from __future__ import annotations

import json
from typing import Any

from tests.differential.runtime import (
    HEADER,
    CompileRejected,
    InvalidProgram,
    Outcome,
    compile_program,
    run_asl,
    run_python,
)


class Disagreement(AssertionError):
    """Python and the compiled workflow ended differently (or the compiler refused the program)."""


def check(source: str, input: Any) -> Outcome:
    """Assert both sides agree on `source` (a workflow function) run with `input`.

    Raises `InvalidProgram` when the program is not valid Python for this test (a generator
    mistake), `Disagreement` when the compiler rejects it or the two results differ.
    """
    python = run_python(source, input)
    try:
        definition = compile_program(source)
    except CompileRejected as exc:
        raise Disagreement(_report(source, input, f"the compiler rejected it:\n{exc}")) from None
    asl = run_asl(definition, input)
    if not python.agrees_with(asl):
        detail = (
            f"Python: {python.describe()}\n        calls {python.calls}\n"
            f"ASL:    {asl.describe()}\n        calls {asl.calls}\n"
            f"definition:\n{json.dumps(definition, indent=1)}"
        )
        raise Disagreement(_report(source, input, detail))
    return python


def _report(source: str, input: Any, detail: str) -> str:
    return f"\ninput: {json.dumps(input)}\n{HEADER}{source}\n{detail}"


__all__ = ["Disagreement", "InvalidProgram", "check"]
