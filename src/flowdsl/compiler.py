"""The compiler facade: orders the stages (load, lower, emit, derive IAM, render); owns no logic."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path

from flowdsl.artifacts import REVIEW_PAGE, CompiledWorkflow
from flowdsl.errors import CompileError, Diagnostic
from flowdsl.loader import FlowModule, flow_files, load_module


@dataclass
class CompileResult:
    workflows: list[CompiledWorkflow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def files(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for workflow in self.workflows:
            out.update(workflow.files())
        return out


def compile_paths(
    paths: list[Path], root: Path, environments: dict[str, dict[str, str]] | None = None
) -> CompileResult:
    """Compile every workflow in the given files/directories; collect every problem."""
    # The compiler makes many small objects and frees few; collection cycles would only cost
    # time (super-linearly on large workflows), as mypy and other compilers also find.
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = _compile_paths(paths, root)
    finally:
        if enabled:
            gc.enable()
    for workflow in result.workflows:
        workflow.environments = environments or {}
    return result


def _compile_paths(paths: list[Path], root: Path) -> CompileResult:
    result = CompileResult()
    try:
        files = flow_files(paths)
    except CompileError as exc:
        result.diagnostics.extend(exc.diagnostics)
        return result
    names: dict[str, Diagnostic] = {}
    for path in files:
        try:
            module = load_module(path, root)
        except CompileError as exc:
            result.diagnostics.extend(exc.diagnostics)
            continue
        for compiled in _compile_module(module, result):
            if compiled.name in names:
                result.diagnostics.append(
                    Diagnostic(
                        "FD004",
                        f"two workflows are named {compiled.name!r}",
                        compiled.loc,
                        f"the other is at {names[compiled.name].location}; "
                        "pass name=... to @workflow",
                    )
                )
                continue
            names[compiled.name] = Diagnostic("", "", compiled.loc)
            result.workflows.append(compiled)
    result.workflows.sort(key=lambda w: w.name)
    return result


def _compile_module(module: FlowModule, result: CompileResult) -> list[CompiledWorkflow]:
    from flowdsl.asl.emit import emit
    from flowdsl.frontend import source as sources
    from flowdsl.frontend.lower import lower_workflow

    compiled: list[CompiledWorkflow] = []
    try:
        source = sources.load(str(module.path), module.display_path)
    except (OSError, SyntaxError, UnicodeDecodeError) as exc:
        result.diagnostics.append(Diagnostic("FD001", f"cannot read {module.display_path}: {exc}"))
        return compiled
    for workflow in sorted(module.workflows, key=lambda w: w.line):
        try:
            graph = lower_workflow(workflow, source, module.globals)
            emitted = emit(graph)
        except CompileError as exc:
            result.diagnostics.extend(exc.diagnostics)
            continue
        workflow_output = CompiledWorkflow(
            name=graph.name,
            definition=emitted.document,
            substitutions=dict(graph.resources),
            locations=emitted.locations,
            workflow_type=graph.type,
            loc=graph.loc,
            comment=graph.comment,
        )
        _add_review_page(workflow_output)
        compiled.append(workflow_output)
    return compiled


def _add_review_page(workflow: CompiledWorkflow) -> None:
    from flowdsl.review.mermaid import render_markdown

    workflow.extra_files[REVIEW_PAGE] = render_markdown(
        workflow.definition, name=workflow.name, substitutions=workflow.substitutions
    )
