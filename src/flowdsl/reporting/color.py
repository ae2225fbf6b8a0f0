"""Colour for diagnostics on a terminal; none when piped or when NO_COLOR is set (no-color.org)."""

from __future__ import annotations

import os
import re
from typing import IO

_LEVEL = re.compile(r"\b(error|warning)(\[[A-Z]+\d+\])?:")
_HELP = re.compile(r"^(\s*= help:)", re.M)
_CARET = re.compile(r"^(\s*\|\s*)(\^+)$", re.M)
_GUTTER = re.compile(r"^(\s*\d+ \|)", re.M)
COLORS = {"error": "red", "warning": "yellow"}


def enabled(stream: IO[str]) -> bool:
    """Whether to colour what goes to `stream`: a terminal, NO_COLOR unset, TERM not dumb."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def colorize(text: str) -> str:
    """Style a formatted diagnostic: the level and code, the gutter, the carets, the help."""
    import click  # only on a terminal: a piped `compile --check` imports no click

    text = _LEVEL.sub(
        lambda m: (
            click.style(m.group(1) + (m.group(2) or ""), fg=COLORS[m.group(1)], bold=True) + ":"
        ),
        text,
    )
    text = _GUTTER.sub(lambda m: click.style(m.group(1), fg="blue"), text)
    text = _CARET.sub(lambda m: m.group(1) + click.style(m.group(2), fg="red", bold=True), text)
    return _HELP.sub(lambda m: click.style(m.group(1), fg="cyan", bold=True), text)


def styled(text: str, stream: IO[str]) -> str:
    """`text` coloured when `stream` should get colour, unchanged otherwise."""
    return colorize(text) if enabled(stream) else text
