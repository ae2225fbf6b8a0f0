"""Finding workflows: import each flow file as a module and collect its @workflow functions."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.dsl.workflow import Workflow
from flowdsl.errors import CompileError, Diagnostic, SourceLocation


@dataclass(frozen=True)
class FlowModule:
    path: Path
    display_path: str
    globals: dict[str, Any]
    workflows: tuple[Workflow, ...]


def load_module(path: Path, root: Path) -> FlowModule:
    """Import one flow file (its module body runs; workflow bodies do not)."""
    display = _display(path, root)
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    name = f"flowdsl_flows.{path.stem}_{digest}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CompileError([Diagnostic("FD001", f"cannot import {display}")])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent = str(path.parent.resolve())
    added = parent not in sys.path
    if added:
        sys.path.insert(0, parent)  # flows may import their sibling modules
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise CompileError(
            [
                Diagnostic(
                    "FD002",
                    f"syntax error: {exc.msg}",
                    SourceLocation(display, exc.lineno or 1, exc.offset or 1),
                )
            ]
        ) from None
    except Exception as exc:  # the user's module raised while importing: report where
        raise CompileError(
            [
                Diagnostic(
                    "FD003",
                    f"importing the flow module failed: {type(exc).__name__}: {exc}",
                    _failing_line(exc, path, display),
                    "a flow module's top level should only declare resources and workflows",
                )
            ]
        ) from None
    finally:
        if added:
            sys.path.remove(parent)
    workflows = tuple(
        value
        for value in vars(module).values()
        if isinstance(value, Workflow) and Path(value.file).resolve() == path.resolve()
    )
    return FlowModule(path, display, vars(module), workflows)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _failing_line(exc: BaseException, path: Path, display: str) -> SourceLocation | None:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if Path(frame.filename).resolve() == path.resolve():
            return SourceLocation(display, frame.lineno or 1, (frame.colno or 0) + 1)
    return None
