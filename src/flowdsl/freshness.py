"""The ASL the code says now: one workflow compiled in memory, and proof that generated/ matches.

`flowdsl.testing.run_workflow` runs through here, so a test never passes against a definition
that no longer matches its flow (a state renamed without recompiling, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.build.artifacts import DEFINITION, SUBSTITUTIONS
from flowdsl.build.config import Config
from flowdsl.dsl.workflow import Workflow
from flowdsl.errors import FlowdslError, UsageError


class StaleWorkflowError(FlowdslError):
    """generated/ does not hold what `flowdsl compile` would write for a workflow now."""


@dataclass(frozen=True)
class WorkflowAsl:
    """A definition and its placeholders' values, as `substitutions.json` holds them."""

    definition: dict[str, Any]
    substitutions: dict[str, str]


def compile_in_memory(workflow: Workflow, root: Path | None = None) -> WorkflowAsl:
    """Lower and emit one workflow as `flowdsl compile` does; raises CompileError on a mistake."""
    from flowdsl.asl.emit import emit
    from flowdsl.frontend import source as sources
    from flowdsl.frontend.lower import lower_workflow

    source = sources.load(workflow.file, _display(Path(workflow.file), root or Path.cwd()))
    graph = lower_workflow(workflow, source, workflow.function.__globals__)
    return WorkflowAsl(emit(graph).document, dict(graph.resources))


def checked_generated(name: str, config: Config) -> WorkflowAsl:
    """generated/<name>/, after proving it is what compiling the flows gives now."""
    from flowdsl.asl.serialize import canonical_json

    directory = config.generated / name
    shown = _display(directory, config.root)
    workflow = _workflows(config).get(name)
    if workflow is None:
        if (directory / DEFINITION).is_file():
            raise StaleWorkflowError(
                f"{shown}/ is stale: no workflow in {_display(config.flows, config.root)}/ is "
                f"named {name!r} any more; run `flowdsl compile` (it removes the old files), or "
                "pass the workflow function itself to run_workflow"
            )
        known = ", ".join(sorted(_workflows(config))) or "none"
        raise UsageError(
            f"unknown workflow {name!r}: no @workflow of that name in "
            f"{_display(config.flows, config.root)}/ (workflows there: {known})"
        )
    key = (name, _files_key([Path(workflow.file), *(directory / f for f in FILES)]))
    if key in _proved:
        return _proved[key]
    current = compile_in_memory(workflow, config.root)
    expected = {
        DEFINITION: canonical_json(current.definition),
        SUBSTITUTIONS: canonical_json(current.substitutions, sort_keys=True),
    }
    for filename, text in expected.items():
        path = directory / filename
        try:
            on_disk = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            on_disk = None
        if on_disk != text:
            what = "is missing" if on_disk is None else "is stale"
            raise StaleWorkflowError(
                f"{shown}/{filename} {what}: it does not match workflow {name!r} in "
                f"{_display(Path(workflow.file), config.root)}; run `flowdsl compile`, or pass "
                "the workflow function itself to run_workflow to test the code as it is"
            )
    _proved[key] = current
    return current


FILES = (DEFINITION, SUBSTITUTIONS)
# Flow modules imported once per process and reused while none of their files changes, and
# workflows proved fresh while neither their flow file nor their generated files change (a
# flow's own imports are not watched: within one test run they do not change).
_loaded: dict[tuple[Any, ...], dict[str, Workflow]] = {}
_proved: dict[tuple[Any, ...], WorkflowAsl] = {}


def _files_key(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Path, modification time and size of each file (0, 0 when missing)."""
    key = []
    for file in files:
        try:
            stat = file.stat()
            key.append((str(file), stat.st_mtime_ns, stat.st_size))
        except OSError:
            key.append((str(file), 0, 0))
    return tuple(key)


def _workflows(config: Config) -> dict[str, Workflow]:
    """Every @workflow under the project's flows directory, by state machine name."""
    from flowdsl.build.discovery import flow_files
    from flowdsl.build.loading import load_module
    from flowdsl.errors import CompileError

    try:
        files = flow_files([config.flows])
    except CompileError as exc:
        raise UsageError(exc.diagnostics[0].format(show_source=False)) from None
    key = _files_key(files)
    if key not in _loaded:
        found: dict[str, Workflow] = {}
        for file in files:
            for workflow in load_module(file, config.root).workflows:
                found.setdefault(workflow.name, workflow)
        _loaded.clear()
        _loaded[key] = found
    return _loaded[key]


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
