"""A one-line progress display for long compiles, on a terminal only (never in logs or pipes)."""

from __future__ import annotations

from pathlib import Path
from typing import IO


class ProgressLine:
    """`[3/40] flows/orders.py`, rewritten in place; erased by `close()`.

    Shown only when `stream` is a terminal and there are at least `minimum` files, so a small
    project's output and every piped or captured output stay exactly as before.
    """

    def __init__(self, stream: IO[str], root: Path, minimum: int = 5) -> None:
        isatty = getattr(stream, "isatty", None)
        self.stream = stream
        self.root = root
        self.minimum = minimum
        self.active = bool(isatty and isatty())
        self.width = 0

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.active or total < self.minimum:
            return
        try:
            shown = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            shown = path.as_posix()
        self._write(f"[{done + 1}/{total}] compiling {shown}")

    def close(self) -> None:
        if self.width:
            self._write("")
            self.stream.write("\r")
            self.stream.flush()

    def _write(self, text: str) -> None:
        # Pad with spaces over the previous line: works on any terminal, no escape codes.
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(text))
