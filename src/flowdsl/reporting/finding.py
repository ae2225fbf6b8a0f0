"""One problem as every output format sees it: where (file, line, column), what, how bad."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from flowdsl.errors import Diagnostic
from flowdsl.reporting.positions import locate, pointer_offsets

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Finding:
    """A problem in a file; `line`/`column` are 1-based, None when only the file is known."""

    code: str
    message: str
    path: str | None = None
    line: int | None = None
    column: int | None = None
    end_column: int | None = None
    severity: Severity = "error"
    hint: str | None = None
    # For problems in JSON (ASL) files: the RFC 6901 pointer the position was found from.
    pointer: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }
        if self.end_column is not None:
            data["end_column"] = self.end_column
        if self.pointer is not None:
            data["pointer"] = self.pointer
        if self.hint:
            data["hint"] = self.hint
        return data


def from_diagnostic(diagnostic: Diagnostic) -> Finding:
    """A compiler diagnostic (Python source location) as a finding."""
    where = diagnostic.location
    severity: Severity = "warning" if diagnostic.severity == "warning" else "error"
    return Finding(
        code=diagnostic.code,
        message=diagnostic.message,
        path=where.path if where else None,
        line=where.line if where else None,
        column=where.column if where else None,
        end_column=where.end_column if where else None,
        severity=severity,
        hint=diagnostic.hint,
    )


class JsonFile:
    """A JSON file's text, to place findings given as JSON pointers at line and column."""

    def __init__(self, path: str, text: str | None) -> None:
        self.path = path
        self.text = text or ""
        self._offsets: dict[str, int] | None = None

    @classmethod
    def read(cls, path: str) -> JsonFile:
        try:
            with open(path, encoding="utf-8") as file:
                return cls(path, file.read())
        except (OSError, UnicodeDecodeError):
            return cls(path, None)

    def finding(
        self,
        code: str,
        message: str,
        pointer: str,
        *,
        severity: Severity = "error",
        hint: str | None = None,
    ) -> Finding:
        if self._offsets is None:
            self._offsets = pointer_offsets(self.text)
        line, column = locate(self.text, pointer, self._offsets)
        return Finding(code, message, self.path, line, column, None, severity, hint, pointer)
