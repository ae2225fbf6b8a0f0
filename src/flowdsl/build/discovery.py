"""Which files are flows: Python files under the given files and directories."""

from __future__ import annotations

import os
from pathlib import Path

from flowdsl.errors import CompileError, Diagnostic


def flow_files(paths: list[Path]) -> list[Path]:
    """Python files under the given files/directories, sorted, skipping private ones."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                p
                for p in path.rglob("*.py")
                if not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
            )
        elif path.suffix == ".py" and path.exists():
            found.add(path)
        else:
            raise CompileError(
                [
                    Diagnostic(
                        "FD001",
                        f"no such flow file or directory: {_shown(path)}",
                        hint="start a project here with `flowdsl init`, or point `flows` under "
                        "[tool.flowdsl] in pyproject.toml at the directory of your workflows",
                    )
                ]
            )
    return sorted(found)


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the current directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def display_path(path: Path, root: Path) -> str:
    """How a path is shown and keyed: relative to the project root where it is inside it."""
    absolute, top = os.path.abspath(path), os.path.join(os.path.abspath(root), "")
    if absolute.startswith(top):
        return absolute[len(top) :].replace(os.sep, "/")
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def shown_path(path: Path, root: Path) -> str:
    """A path as the user named it (links not followed), relative to the root where inside."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
