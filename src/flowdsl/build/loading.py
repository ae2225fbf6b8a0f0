"""Loading a flow module from its source bytes and collecting its @workflow functions.

A flow module and the project modules it imports are compiled from the bytes flowdsl reads
(and records), never from `__pycache__`: a bytecode file can be stale in ways its header does
not show (an edit keeping size and modification time) or planted to skip source checking
altogether, and flowdsl writes no bytecode into the user's tree. Each flow module loads with
its own fresh copies of the project modules it imports, so its output depends only on what it
read, whichever process compiles it and whatever was compiled before.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import traceback
import types
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.build.discovery import display_path
from flowdsl.build.inputs import Recorder, is_installed
from flowdsl.dsl.workflow import Workflow
from flowdsl.errors import CompileError, Diagnostic, SourceLocation


@dataclass(frozen=True)
class FlowModule:
    path: Path
    display_path: str
    globals: dict[str, Any]
    workflows: tuple[Workflow, ...]
    source: str  # the text the module was executed from (the front end parses the same text)


class _SourceLoader(importlib.abc.Loader):
    """Executes a project module from the source bytes it reads now."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def exec_module(self, module: types.ModuleType) -> None:
        spec = module.__spec__
        assert spec is not None and spec.origin is not None
        data = self.recorder.read(spec.origin)
        exec(compile(data, spec.origin, "exec", dont_inherit=True), module.__dict__)


class _SourcelessRefusal(importlib.abc.Loader):
    def exec_module(self, module: types.ModuleType) -> None:
        origin = module.__spec__.origin if module.__spec__ else module.__name__
        raise ImportError(
            f"{origin} is bytecode without source: flowdsl compiles project modules from source"
        )


class _ProjectFinder(importlib.abc.MetaPathFinder):
    """Routes imports of project modules (not installed, not the standard library) to
    `_SourceLoader`; everything else goes on through the usual finders."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not spec.has_location or spec.origin is None:
            return None
        if is_installed(spec.origin):
            return None
        if spec.origin.endswith(tuple(importlib.machinery.BYTECODE_SUFFIXES)):
            spec.loader = _SourcelessRefusal()
            return spec
        if not spec.origin.endswith(tuple(importlib.machinery.SOURCE_SUFFIXES)):
            return None  # an extension module: compiled code, installed like a dependency
        return importlib.util.spec_from_file_location(
            fullname,
            spec.origin,
            loader=_SourceLoader(self.recorder),
            submodule_search_locations=spec.submodule_search_locations,
        )


@contextmanager
def project_imports(recorder: Recorder, directory: Path) -> Iterator[None]:
    """Inside: project modules load from source into `recorder`, and the flow's directory is
    importable (flows may import their siblings). After: those modules are forgotten."""
    finder = _ProjectFinder(recorder)
    before = set(sys.modules)
    parent = str(directory.resolve())
    added = parent not in sys.path
    if added:
        sys.path.insert(0, parent)
    sys.meta_path.insert(0, finder)
    writes_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        yield
    finally:
        sys.dont_write_bytecode = writes_bytecode
        sys.meta_path.remove(finder)
        if added:
            sys.path.remove(parent)
        for name in set(sys.modules) - before:
            module = sys.modules.get(name)
            loader = getattr(getattr(module, "__spec__", None), "loader", None)
            if isinstance(loader, _SourceLoader | _SourcelessRefusal):
                del sys.modules[name]


def load_module(path: Path, root: Path, recorder: Recorder | None = None) -> FlowModule:
    """Execute one flow file's module body (workflow bodies are read, never run)."""
    recorder = recorder or Recorder()
    display = display_path(path, root)
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"flowdsl_flows.{path.stem}_{digest}"
    filename = str(path.resolve())
    with project_imports(recorder, path.parent):
        try:
            data = recorder.read(filename)
            text = importlib.util.decode_source(data)
            code = compile(data, filename, "exec", dont_inherit=True)
        except OSError as exc:
            raise CompileError([Diagnostic("FD001", f"cannot read {display}: {exc}")]) from None
        except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
            raise CompileError([_syntax_error(exc, display)]) from None
        module = types.ModuleType(name)
        module.__file__ = filename
        module.__spec__ = importlib.util.spec_from_file_location(
            name, filename, loader=_SourceLoader(recorder)
        )
        sys.modules[name] = module
        try:
            exec(code, module.__dict__)
        # Whatever the module raises at import, SystemExit and KeyboardInterrupt included, is
        # the user's module failing: an error at its line, never an exit or a traceback.
        except BaseException as exc:
            raise CompileError([_import_failure(exc, filename, display)]) from None
    workflows = tuple(
        value
        for value in vars(module).values()
        if isinstance(value, Workflow) and os.path.abspath(value.file) == filename
    )
    return FlowModule(path, display, vars(module), workflows, text)


def _syntax_error(exc: Exception, display: str) -> Diagnostic:
    if isinstance(exc, SyntaxError):
        where = SourceLocation(display, exc.lineno or 1, exc.offset or 1)
        return Diagnostic("FD002", f"syntax error: {exc.msg}", where)
    return Diagnostic("FD002", f"cannot decode {display}: {exc}")


def _import_failure(exc: BaseException, filename: str, display: str) -> Diagnostic:
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    hint = "a flow module's top level should only declare resources and workflows"
    if isinstance(exc, SystemExit):
        what = f"the module exited while being imported (SystemExit: {exc.code})"
        hint = 'run a script\'s main() only under `if __name__ == "__main__":`'
    return Diagnostic(
        "FD003",
        f"importing the flow module failed: {what}",
        _failing_line(exc, filename, display),
        hint,
    )


def _failing_line(exc: BaseException, filename: str, display: str) -> SourceLocation | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if os.path.abspath(frame.filename) == filename:
            return SourceLocation(display, frame.lineno or 1, (frame.colno or 0) + 1)
    return None
