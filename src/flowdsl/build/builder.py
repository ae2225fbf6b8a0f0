"""One build: which flow modules must compile, what generated/ should hold, and what differs.

A module is compiled unless its record (see `records`) proves that compiling it now gives the
outputs recorded; the rest of the answer comes from the records. So an unchanged tree is
checked without importing the compiler, and editing one flow of many compiles that flow (and
every flow that imports what was edited), nothing else. Files in generated/ are compared by
their hashes, taken from stat data where git would trust it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from flowdsl.build import inputs, records, tree
from flowdsl.build.config import Config
from flowdsl.build.discovery import display_path, flow_files, shown_path
from flowdsl.errors import CompileError, Diagnostic, SourceLocation

# Told (modules done, modules in all, the module being compiled) as the compile goes.
Progress = Callable[[int, int, Path], None]

Mode = Literal["compile", "check", "diff"]


@dataclass(frozen=True)
class Request:
    config: Config
    targets: list[Path]
    generated: Path
    mode: Mode
    whole: bool  # the whole flows directory: files of workflows that are gone are orphans
    use_cache: bool = True
    jobs: int = 1
    progress: Progress | None = None  # told as each flow module compiles


@dataclass
class Outcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # new text of compiled files
    workflows: int = 0
    files: int = 0  # files of workflows (the manifest not counted)

    @property
    def clean(self) -> bool:
        return not (self.created or self.changed or self.orphaned or self.leftover)


@dataclass
class _Module:
    """A flow module's part of the build, from its record or from compiling it."""

    path: Path
    display: str
    record: records.ModuleRecord | None = None
    texts: dict[str, str] = field(default_factory=dict)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def build(request: Request) -> Outcome:
    config, generated = request.config, request.generated
    root = config.root
    shown = shown_path(generated, root)
    tree.guard(generated, shown)
    outcome = Outcome()
    try:
        paths = flow_files(request.targets)
    except CompileError as exc:
        outcome.diagnostics.extend(exc.diagnostics)
        return outcome
    environment = records.environment_key(
        {
            "iam": config.iam,
            "environments": config.environments,
            # What is declared decides what a record holds: another declaration, other records.
            "inputs": config.inputs,
            "env": config.env,
        }
    )
    store = (
        records.Store.load(root, environment, generated)
        if request.use_cache
        else records.Store(None, environment)
    )
    started = records.stamp(root) if request.use_cache else None

    modules = [_Module(path, display_path(path, root)) for path in paths]
    for module in modules:
        known = store.modules.get(module.display)
        if known is not None and known.trusted():
            module.record = known
    if request.mode != "check":
        # Writing or showing a diff needs the text of every file that differs: compile the
        # modules whose recorded outputs are not what generated/ holds.
        for module in modules:
            if module.record is not None and not _matches_disk(
                module.record, generated, store, started
            ):
                module.record = None
    _compile(modules, request, started, store, outcome)
    if outcome.diagnostics:
        store.save()
        return outcome

    expected: dict[str, str] = {}  # path under generated/ -> sha256
    for module in modules:
        assert module.record is not None
        for workflow in module.record.workflows:
            expected.update(workflow.files)
    outcome.workflows = sum(len(m.record.workflows) for m in modules if m.record)
    outcome.files = len(expected)

    with _locked(root, exclusive=request.mode == "compile"):
        changes = _compare(request, expected, outcome, store, started, shown)
        if request.mode == "compile" and changes is not None:
            tree.apply(generated, shown, changes, request.jobs)
            finished = records.stamp(root) if request.use_cache else None
            written = dict(changes.writes)
            if changes.manifest is not None:
                written[tree.MANIFEST] = changes.manifest
            for rel, text in written.items():
                # The bytes are known: only the stat data is new (not read back, not hashed).
                st = _lstat(generated / rel)
                stat = records.trusted_stat(st, finished) if st else None
                store.generated[rel] = inputs.Input(expected.get(rel) or tree.sha(text), stat)
                store.dirty = True
    store.save()
    return outcome


def _compile(
    modules: list[_Module],
    request: Request,
    started: int | None,
    store: records.Store,
    outcome: Outcome,
) -> None:
    """Compile the modules without a trusted record; then gather every module's diagnostics,
    warnings and notes in file order."""
    pending = [m for m in modules if m.record is None]
    if pending:
        from flowdsl.build.pool import Task, compile_modules

        tasks = [
            Task(m.path, request.config.root, request.config, request.generated, started)
            for m in pending
        ]
        results = compile_modules(tasks, request.jobs, request.progress)
        for module, result in zip(pending, results, strict=True):
            outcome.diagnostics.extend(result.diagnostics)
            if result.diagnostics:
                continue
            module.record = records.ModuleRecord(
                inputs=result.inputs,
                untracked=result.untracked,
                workflows=[
                    records.WorkflowRecord(
                        w.name, w.loc, {rel: tree.sha(t) for rel, t in w.files.items()}, w.warnings
                    )
                    for w in result.workflows
                ],
            )
            for workflow in result.workflows:
                module.texts.update(workflow.files)
            if request.use_cache:
                store.modules[module.display] = module.record
                store.dirty = True
            if result.untracked:
                outcome.notes.append(
                    f"note: {module.display} is compiled every time, because it "
                    + "; ".join(result.untracked)
                    + " (a listing, a database or the whole environment is cached once declared"
                    " in [tool.flowdsl] inputs or env)"
                )
    if request.use_cache and request.whole:
        current = {m.display for m in modules}
        for gone in [k for k in store.modules if k not in current]:
            del store.modules[gone]
            store.dirty = True
    named = [
        (w.name, SourceLocation(*w.loc))
        for m in modules
        if m.record is not None
        for w in m.record.workflows
    ]
    outcome.diagnostics.extend(duplicate_names(named))
    for _name, warnings in sorted(
        (w.name, w.warnings) for m in modules if m.record for w in m.record.workflows
    ):
        outcome.warnings.extend(Diagnostic.from_record(w) for w in warnings)
    for module in modules:
        outcome.texts.update(module.texts)


def duplicate_names(named: list[tuple[str, SourceLocation]]) -> list[Diagnostic]:
    """FD004 for every workflow whose name an earlier one (in file order) already has."""
    first: dict[str, SourceLocation] = {}
    problems: list[Diagnostic] = []
    for name, loc in named:
        if name in first:
            problems.append(
                Diagnostic(
                    "FD004",
                    f"two workflows are named {name!r}",
                    loc,
                    f"the other is at {first[name]}; pass name=... to @workflow",
                )
            )
        else:
            first[name] = loc
    return problems


def _matches_disk(
    record: records.ModuleRecord, generated: Path, store: records.Store, started: int | None
) -> bool:
    for workflow in record.workflows:
        for rel, sha in workflow.files.items():
            if _observe(generated, rel, store, started).sha != sha:
                return False
    return True


def _observe(generated: Path, rel: str, store: records.Store, started: int | None) -> inputs.Input:
    """A generated file's hash now; what was learnt is kept for the next run."""
    known = store.generated.get(rel)
    seen = tree.on_disk(generated, rel, known, started)
    if store.root is not None and seen != known:
        if seen.sha in ("missing", "unreadable"):
            store.generated.pop(rel, None)
        else:
            store.generated[rel] = seen
        store.dirty = True
    return seen


def _compare(
    request: Request,
    expected: dict[str, str],
    outcome: Outcome,
    store: records.Store,
    started: int | None,
    shown: str,
) -> tree.Changes | None:
    """Fill in what differs between `expected` and generated/; the changes a compile makes."""
    generated = request.generated
    on_disk = _observe(generated, tree.MANIFEST, store, started)
    manifest = tree.manifest_text(sorted(expected)) if request.whole else None
    if manifest is not None and on_disk.sha == tree.sha(manifest):
        old_manifest: list[str] | None = sorted(expected)  # no need to read it
    else:
        old_manifest = tree.read_manifest(generated)
    listed = old_manifest or []
    directories = sorted({rel.partition("/")[0] for rel in [*expected, *listed]})
    changed_dirs = [
        name
        for name in ["", *directories]
        if _directory_changed(generated, name, store, started, shown)
    ]
    for rel, sha in sorted(expected.items()):
        seen = _observe(generated, rel, store, started)
        if seen.sha == sha:
            outcome.unchanged.append(rel)
        elif seen.sha == "missing":
            outcome.created.append(rel)
        else:
            outcome.changed.append(rel)
    if request.whole:
        outcome.orphaned = [
            rel for rel in listed if rel not in expected and (generated / rel).is_file()
        ]
        manifest_files = sorted(expected)
    else:
        manifest_files = sorted(set(listed) | set(expected))
    outcome.leftover = tree.leftovers(generated, changed_dirs)
    _remember_listed(generated, changed_dirs, outcome.leftover, store, started)
    if manifest is None:
        manifest = tree.manifest_text(manifest_files)
    manifest_changed = False
    if (manifest_files or old_manifest is not None) and on_disk.sha != tree.sha(manifest):
        manifest_changed = True
        (outcome.created if on_disk.sha == "missing" else outcome.changed).append(tree.MANIFEST)
        outcome.texts[tree.MANIFEST] = manifest
    if outcome.clean:
        return None
    new_files = [rel for rel in outcome.created if rel != tree.MANIFEST]
    writes = [rel for rel in outcome.created + outcome.changed if rel != tree.MANIFEST]
    if request.mode == "compile" and any(rel not in outcome.texts for rel in writes):
        # A file matched its record a moment ago and no longer does: someone else is writing.
        raise tree.OutputError(f"{shown} changed during the compile; run `flowdsl compile` again")
    return tree.Changes(
        writes={rel: outcome.texts[rel] for rel in writes if rel in outcome.texts},
        removals=outcome.orphaned,
        leftovers=outcome.leftover,
        manifest=manifest if manifest_changed else None,
        interim_manifest=(
            tree.manifest_text(sorted(set(listed) | set(manifest_files)))
            if new_files and old_manifest is not None
            else None
        ),
    )


def _directory_changed(
    generated: Path, name: str, store: records.Store, started: int | None, shown: str
) -> bool:
    """Whether entries may have come or gone in generated/ or a workflow's directory since it
    was last listed clean (its stat data says; a link is refused on the way)."""
    st = tree.guard_workflow_dir(generated, name, shown) if name else _lstat(generated)
    if st is None:
        return False
    known = store.generated.get(f"{name}/")
    return known is None or known.stat != inputs.stat_key(st)


def _remember_listed(
    generated: Path,
    names: list[str],
    leftovers: list[str],
    store: records.Store,
    started: int | None,
) -> None:
    """Keep the stat data of directories listed without a leftover: unchanged, they need no
    listing next time."""
    if store.root is None:
        return
    dirty = {rel.rpartition("/")[0] for rel in leftovers}
    for name in names:
        st = _lstat(generated / name) if name else _lstat(generated)
        stat = records.trusted_stat(st, started) if st and name not in dirty else None
        if stat is not None:
            store.generated[f"{name}/"] = inputs.Input("directory", stat)
        else:
            store.generated.pop(f"{name}/", None)
        store.dirty = True


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


@contextmanager
def _locked(root: Path, *, exclusive: bool) -> Iterator[None]:
    """Compiles of one project write one at a time, and a check reads between two of them (the
    lock lives in .flowdsl_cache; the kernel releases it if the process dies)."""
    try:
        records.cache_dir(root).mkdir(exist_ok=True)
        fd = os.open(records.cache_dir(root) / "lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        yield  # no cache directory: no lock, as before there was one
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)
