"""Which files are flows: Python files under the given files and directories."""

from __future__ import annotations

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
