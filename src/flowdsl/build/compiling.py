"""The compiler facade: orders the stages for one flow module (load, lower, emit, derive IAM,
render); owns no logic."""

from __future__ import annotations

import gc
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowdsl.build.artifacts import REVIEW_PAGE, CompiledWorkflow
from flowdsl.build.builder import duplicate_names
from flowdsl.build.config import Config
from flowdsl.build.discovery import flow_files
from flowdsl.build.inputs import Recorder
from flowdsl.build.loading import FlowModule, load_module
from flowdsl.errors import CompileError, Diagnostic, UsageError

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


def compile_paths(paths: list[Path], root: Path, config: Config | None = None) -> CompileResult:
    """Compile every workflow in the given files/directories; collect every problem."""
    with collection_paused():
        result = CompileResult()
        try:
            files = flow_files(paths)
        except CompileError as exc:
            result.diagnostics.extend(exc.diagnostics)
            return result
        for path in files:
            compiled, problems = compile_module(path, root, config or Config(root, root, root))
            result.diagnostics.extend(problems)
            result.workflows.extend(compiled)
        result.diagnostics.extend(duplicate_names([(w.name, w.loc) for w in result.workflows]))
        duplicates = {d.location for d in result.diagnostics if d.code == "FD004"}
        result.workflows = sorted(
            (w for w in result.workflows if w.loc not in duplicates), key=lambda w: w.name
        )
    return result


@contextmanager
def collection_paused() -> Iterator[None]:
    # The compiler makes many small objects and frees few; collection cycles would only cost
    # time (super-linearly on large workflows), as mypy and other compilers also find.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compile_module(
    path: Path, root: Path, config: Config, recorder: Recorder | None = None
) -> tuple[list[CompiledWorkflow], list[Diagnostic]]:
    """Every workflow of one flow file, and every problem found in it. With a recorder, what
    the module reads while it loads is recorded there."""
    recorder = recorder or Recorder()
    try:
        with recorder.watching():
            module = load_module(path, root, recorder)
    except CompileError as exc:
        return [], list(exc.diagnostics)
    problems: list[Diagnostic] = []
    return _compile_module(module, problems, config), problems


def _compile_module(
    module: FlowModule, problems: list[Diagnostic], config: Config | None = None
) -> list[CompiledWorkflow]:
    from flowdsl.asl.emit import emit
    from flowdsl.frontend import source as sources
    from flowdsl.frontend.lower import lower_workflow

    compiled: list[CompiledWorkflow] = []
    try:
        source = sources.load(str(module.path), module.display_path, module.source)
    except (SyntaxError, ValueError) as exc:
        problems.append(Diagnostic("FD001", f"cannot read {module.display_path}: {exc}"))
        return compiled
    for workflow in sorted(module.workflows, key=lambda w: w.line):
        try:
            graph = lower_workflow(workflow, source, module.globals)
            emitted = emit(graph)
        except CompileError as exc:
            problems.extend(exc.diagnostics)
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
        workflow_output.warnings.extend(graph.warnings)
        if _has_non_finite(workflow_output.definition):
            # The front end reports literals at their line; this catches any other way in
            # (JSON has no Infinity or NaN: Python's encoder would write them anyway).
            problems.append(
                Diagnostic(
                    "FD139",
                    "the definition holds a number that is not finite (Infinity or NaN)",
                    graph.loc,
                    "use finite numbers only",
                )
            )
            continue
        try:
            _add_policies(workflow_output, config)
        except CompileError as exc:
            problems.extend(exc.diagnostics)
            continue
        _add_review_page(workflow_output)
        compiled.append(workflow_output)
    return compiled


def _has_non_finite(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, list):
        return any(_has_non_finite(v) for v in value)
    if isinstance(value, dict):
        return any(_has_non_finite(v) for v in value.values())
    return False


def _add_policies(workflow: CompiledWorkflow, config: Config | None) -> None:
    """The role, trust and worker policies, and the templates that deploy them (deploy/)."""
    from flowdsl.asl.serialize import canonical_json
    from flowdsl.deploy.build import deployment_files
    from flowdsl.iam import derive_policies
    from flowdsl.iam.config import policy_options
    from flowdsl.iam.errors import PolicyError, WildcardResourceError

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
            f"in pyproject.toml: [tool.flowdsl.iam.{workflow.name}] "
            + (
                f'resources = {{ "{exc.state}" = ["<exact ARN>", ...] }} for a value chosen '
                "at run time; otherwise name one resource in the declaration"
                if isinstance(exc, WildcardResourceError)
                else f'actions = {{ "{exc.state}" = ["<prefix>:<Action>"] }}'
            )
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
