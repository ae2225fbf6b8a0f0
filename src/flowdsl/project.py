"""Which project a command or test runs in: the nearest directory upward that configures flowdsl."""

from __future__ import annotations

import tomllib
from pathlib import Path

from flowdsl.build.config import Config, load_config


def find_root(start: Path | None = None) -> Path:
    """The nearest directory at or above `start` whose pyproject.toml has [tool.flowdsl].

    Failing that, the nearest one with any pyproject.toml (flowdsl's defaults apply there), and
    failing that `start` itself. So `pytest tests/` or a run from a subdirectory finds the same
    flows/ and generated/ as a run from the top.
    """
    here = (start or Path.cwd()).resolve()
    nearest_pyproject: Path | None = None
    for directory in (here, *here.parents):
        pyproject = directory / "pyproject.toml"
        if not pyproject.is_file():
            continue
        if _configures_flowdsl(pyproject):
            return directory
        nearest_pyproject = nearest_pyproject or directory
    return nearest_pyproject or here


def project_config(start: Path | None = None) -> Config:
    """[tool.flowdsl] of the project around `start` (the current directory by default)."""
    return load_config(find_root(start))


def _configures_flowdsl(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml still marks a project; load_config reports what is wrong.
        return True
    tool = data.get("tool")
    return isinstance(tool, dict) and "flowdsl" in tool
