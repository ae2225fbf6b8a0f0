"""Proving generated definitions valid before they are written, reported at the Python line.

The build validates only definitions whose text differs from what is on disk (a file that
matches was validated when it was written), so `flowdsl compile --check` on an unchanged tree
loads neither pydantic nor jsonschema.
"""

from __future__ import annotations

from flowdsl.build.artifacts import CompiledWorkflow
from flowdsl.errors import Diagnostic


def verify(workflow: CompiledWorkflow) -> list[Diagnostic]:
    try:
        from flowdsl.validate import validate_definition
    except ImportError:  # the validator is not built yet in this checkout
        return []
    problems = validate_definition(workflow.definition, workflow_type=workflow.workflow_type)
    return [
        Diagnostic(
            problem.code,
            f"generated ASL is invalid at {problem.pointer}: {problem.message}",
            workflow.locations.get(problem.state or "", workflow.loc),
            getattr(problem, "hint", None),
        )
        for problem in problems
    ]
