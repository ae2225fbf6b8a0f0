"""The compiler facade: orders the stages (load, lower, emit, derive IAM, render); owns no logic."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flowdsl.artifacts import REVIEW_PAGE, CompiledWorkflow
from flowdsl.config import Config
from flowdsl.errors import CompileError, Diagnostic, UsageError
from flowdsl.flow_files import flow_files
from flowdsl.loader import FlowModule, load_module

if TYPE_CHECKING:
    from flowdsl.iam.derive import Policies


@dataclass
class CompileResult:
    workflows: list[CompiledWorkflow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def files(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for workflow in self.workflows:
            out.update(workflow.files())
        return out


# Told (files done, files in all, the file about to compile) before each flow file.
Progress = Callable[[int, int, Path], None]


def compile_paths(
    paths: list[Path], root: Path, config: Config | None = None, progress: Progress | None = None
) -> CompileResult:
    """Compile every workflow in the given files/directories; collect every problem."""
    # The compiler makes many small objects and frees few; collection cycles would only cost
    # time (super-linearly on large workflows), as mypy and other compilers also find.
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = _compile_paths(paths, root, config or Config(root, root, root), progress)
    finally:
        if enabled:
            gc.enable()
    return result


def _compile_paths(
    paths: list[Path], root: Path, config: Config, progress: Progress | None
) -> CompileResult:
    result = CompileResult()
    try:
        files = flow_files(paths)
    except CompileError as exc:
        result.diagnostics.extend(exc.diagnostics)
        return result
    names: dict[str, Diagnostic] = {}
    for done, path in enumerate(files):
        if progress is not None:
            progress(done, len(files), path)
        try:
            module = load_module(path, root)
        except CompileError as exc:
            result.diagnostics.extend(exc.diagnostics)
            continue
        for compiled in _compile_module(module, result, config):
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


def _compile_module(
    module: FlowModule, result: CompileResult, config: Config | None = None
) -> list[CompiledWorkflow]:
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
            environments=(config.environments if config else {}),
            bindings=dict(graph.bindings),
        )
        try:
            _add_policies(workflow_output, config)
        except CompileError as exc:
            result.diagnostics.extend(exc.diagnostics)
            continue
        _add_review_page(workflow_output)
        compiled.append(workflow_output)
    return compiled


def _add_policies(workflow: CompiledWorkflow, config: Config | None) -> None:
    """The role, trust and worker policies, and the templates that deploy them (deploy/)."""
    from flowdsl.asl.serialize import canonical_json
    from flowdsl.deploy.build import deployment_files
    from flowdsl.iam import derive_policies
    from flowdsl.iam.config import policy_options
    from flowdsl.iam.errors import PolicyError

    table = (config.iam if config else {}).get(workflow.name)
    try:
        options = policy_options(table, where=f"[tool.flowdsl.iam.{workflow.name}]")

        def derive(substitutions: Mapping[str, str]) -> Policies:
            return derive_policies(
                workflow.definition,
                state_machine_name=workflow.name,
                substitutions=dict(substitutions),
                options=options,
            )

        policies = derive(workflow.substitutions)
        deployment = deployment_files(workflow, policies, derive)
    except PolicyError as exc:
        location = workflow.locations.get(exc.state or "", workflow.loc)
        hint = (
            f"in pyproject.toml: [tool.flowdsl.iam.{workflow.name}] actions = "
            f'{{ "{exc.state}" = ["<prefix>:<Action>"] }}'
            if exc.state
            else None
        )
        raise CompileError.at("FD200", str(exc), location, hint) from None
    except UsageError as exc:  # the [tool.flowdsl.iam] or environments table itself is wrong
        raise CompileError([Diagnostic("FD201", str(exc))]) from None
    for filename, document in policies.files().items():
        workflow.extra_files[filename] = canonical_json(document)
    for warning in policies.warnings:
        workflow.warnings.append(
            Diagnostic(
                "FD210",
                f"state {warning.state!r}: {warning.message}",
                workflow.locations.get(warning.state),
                f"narrow it in pyproject.toml: [tool.flowdsl.iam.{workflow.name}] resources = "
                f'{{ "{warning.state}" = ["arn:..."] }}',
                severity="warning",
            )
        )
    workflow.extra_files.update(deployment)


def _add_review_page(workflow: CompiledWorkflow) -> None:
    from flowdsl.review.mermaid import render_markdown

    workflow.extra_files[REVIEW_PAGE] = render_markdown(
        workflow.definition, name=workflow.name, substitutions=workflow.substitutions
    )
