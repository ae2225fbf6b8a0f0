"""What the tests read of an imported module's literal ASL (the low-level form)."""

from __future__ import annotations


def comments(source: str) -> str:
    """The module's `#` comments as one line (the import wraps them at the line length)."""
    lines = (line.strip() for line in source.splitlines())
    return " ".join(line.lstrip("# ") for line in lines if line.startswith("#"))
