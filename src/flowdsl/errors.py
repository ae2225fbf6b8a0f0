"""One root error for flowdsl, source locations, and the one formatter for diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A place in a user's file: 1-based line, 1-based column (as editors show them)."""

    path: str
    line: int
    column: int
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in user input: where, what code, what is wrong, what to write instead."""

    code: str
    message: str
    location: SourceLocation | None = None
    hint: str | None = None
    severity: str = "error"

    def to_record(self) -> dict[str, object]:
        """JSON-ready form, so a cached module's warnings keep their place (for --format)."""
        loc = self.location
        where = [loc.path, loc.line, loc.column, loc.end_column] if loc is not None else None
        return {
            "code": self.code,
            "message": self.message,
            "location": where,
            "hint": self.hint,
            "severity": self.severity,
        }

    @staticmethod
    def from_record(data: dict[str, Any]) -> Diagnostic:
        where = data.get("location")
        location = SourceLocation(*where) if where else None
        return Diagnostic(
            data["code"], data["message"], location, data.get("hint"), data.get("severity", "error")
        )

    def format(self, *, show_source: bool = True) -> str:
        """Render as `path:line:col: error[CODE]: message`, then the source line, a caret, the hint."""
        where = f"{self.location}: " if self.location else ""
        lines = [f"{where}{self.severity}[{self.code}]: {self.message}"]
        if show_source and self.location is not None:
            source_line = _read_line(self.location.path, self.location.line)
            if source_line is not None:
                gutter = f"{self.location.line:>4} | "
                lines.append(gutter + source_line)
                width = 1
                if self.location.end_column and self.location.end_column > self.location.column:
                    width = self.location.end_column - self.location.column
                caret_pad = " " * (len(gutter) - 2) + "| " + " " * (self.location.column - 1)
                lines.append(caret_pad + "^" * width)
        if self.hint:
            lines.append(f"  = help: {self.hint}")
        return "\n".join(lines)


def _read_line(path: str, line: int) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    all_lines = text.splitlines()
    if 1 <= line <= len(all_lines):
        return all_lines[line - 1].rstrip()
    return None


class FlowdslError(Exception):
    """Root of every error flowdsl raises on purpose."""

    exit_code = 2


@dataclass
class CompileError(FlowdslError):
    """One or more user mistakes, each with a code and (where known) a source location."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("\n".join(d.format(show_source=False) for d in self.diagnostics))

    @classmethod
    def at(
        cls, code: str, message: str, location: SourceLocation | None, hint: str | None = None
    ) -> CompileError:
        return cls([Diagnostic(code, message, location, hint)])


class UsageError(FlowdslError):
    """Bad command-line usage, configuration or input file; reported as one message."""


class InternalError(FlowdslError):
    """A bug in flowdsl itself, not in the user's input."""

    exit_code = 3
