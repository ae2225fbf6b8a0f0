"""What the importer reports: a part of a definition that flowdsl cannot write as Python."""

from __future__ import annotations

from flowdsl.errors import UsageError


class Unsupported(Exception):
    """A state or field with no flowdsl equivalent; `where` is filled in as it propagates."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def at(self, where: str) -> Unsupported:
        if self.where is None:
            self.where = where
        return self

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class ImportFailed(UsageError):
    """The definition cannot be imported; exit 2 with the reason, nothing written."""
