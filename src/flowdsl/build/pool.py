"""Compiling flow modules on every core: one task per module, results in the order given.

Each module compiles in isolation (its own copies of the project modules it imports, see
`loading`), so a process pool gives the same bytes as a serial run; results come back in the
order of the modules, so diagnostics are in a stable order too. Workers are forked after the
compiler is imported, so they share it instead of importing it again.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowdsl.build.artifacts import DEFINITION
from flowdsl.build.compiling import collection_paused, compile_module
from flowdsl.build.config import Config
from flowdsl.build.declared import Declared
from flowdsl.build.discovery import display_path
from flowdsl.build.inputs import Input, Recorder
from flowdsl.build.tree import read_text
from flowdsl.build.verify import verify
from flowdsl.errors import Diagnostic, UsageError


@dataclass
class WorkflowFiles:
    name: str
    loc: tuple[str, int, int]
    files: dict[str, str]  # path under generated/ -> text
    warnings: list[dict[str, Any]]  # Diagnostic.to_record()


@dataclass
class ModuleOutcome:
    """One flow module compiled: its workflows' files, or its problems, and what it read."""

    display: str
    workflows: list[WorkflowFiles] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    inputs: dict[str, Input] = field(default_factory=dict)
    untracked: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Task:
    path: Path
    root: Path
    config: Config
    generated: Path
    trust_before: int | None


def compile_modules(
    tasks: list[Task], jobs: int, progress: Callable[[int, int, Path], None] | None = None
) -> list[ModuleOutcome]:
    tell = progress or (lambda done, total, path: None)
    # A few modules compile faster here than a pool starts and ships their files back.
    if jobs <= 1 or len(tasks) < 4:
        with collection_paused():
            done: list[ModuleOutcome] = []
            for task in tasks:
                tell(len(done), len(tasks), task.path)
                done.append(compile_task(task))
            return done
    _import_compiler()
    workers = min(jobs, len(tasks))
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_pause_gc) as pool:
            chunk = max(1, min(16, len(tasks) // (workers * 4)))
            results: list[ModuleOutcome] = []
            for task, result in zip(
                tasks, pool.map(compile_task, tasks, chunksize=chunk), strict=True
            ):
                tell(len(results), len(tasks), task.path)
                results.append(result)
            return results
    except BrokenProcessPool:
        raise UsageError(
            "a worker process died while compiling: a flow module may end the process at "
            "import (os._exit, a crash); nothing was written"
        ) from None


def compile_task(task: Task) -> ModuleOutcome:
    config = task.config
    recorder = Recorder(
        trust_before_ns=task.trust_before,
        declared=Declared.of(str(config.root), config.inputs, config.env),
    )
    outcome = ModuleOutcome(display_path(task.path, task.root))
    compiled, outcome.diagnostics = compile_module(task.path, task.root, task.config, recorder)
    outcome.inputs, outcome.untracked = recorder.files, recorder.untracked
    for workflow in compiled:
        files = workflow.files()
        # A definition that matches generated/ was validated when it was written.
        rel = f"{workflow.name}/{DEFINITION}"
        if read_text(task.generated, rel) != files[rel]:
            problems = verify(workflow)
            if problems:
                outcome.diagnostics.extend(problems)
                continue
        loc = (workflow.loc.path, workflow.loc.line, workflow.loc.column)
        warnings = [warning.to_record() for warning in workflow.warnings]
        outcome.workflows.append(WorkflowFiles(workflow.name, loc, files, warnings))
    return outcome


def _pause_gc() -> None:
    import gc

    gc.disable()


def _import_compiler() -> None:
    """Import what every compile needs once, before the workers are forked (what a compile
    imports lazily too: `python -X importtime` shows a module imported once per worker)."""
    import flowdsl.asl.emit
    import flowdsl.asl.jsonata
    import flowdsl.asl.serialize
    import flowdsl.deploy
    import flowdsl.deploy.build
    import flowdsl.frontend.lower
    import flowdsl.iam
    import flowdsl.iam.config
    import flowdsl.iam.derive
    import flowdsl.review.mermaid

    with contextlib.suppress(ImportError):  # the validator is not built in every checkout
        import flowdsl.validate.core  # noqa: F401
