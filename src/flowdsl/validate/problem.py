"""A problem found in an ASL document, with JSON-pointer helpers to say where it is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One rule violation: rule code, JSON pointer (RFC 6901), innermost state name, message."""

    code: str
    pointer: str
    state: str | None
    message: str
    hint: str | None = None

    def format(self, path: str | None = None) -> str:
        """Render as `file: /States/X/Catch/0: error[CODE]: message` (file part optional)."""
        where = self.pointer or "/"
        text = f"{where}: error[{self.code}]: {self.message}"
        if path is not None:
            text = f"{path}: {text}"
        if self.hint:
            text += f"\n  = help: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict (for `--format json`)."""
        out: dict[str, object] = {
            "code": self.code,
            "pointer": self.pointer,
            "state": self.state,
            "message": self.message,
        }
        if self.hint:
            out["hint"] = self.hint
        return out


Part = str | int


def pointer(parts: Iterable[Part]) -> str:
    """The JSON pointer of a path of keys and indexes (escaping `~` and `/` as RFC 6901 says)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def state_of(parts: tuple[Part, ...]) -> str | None:
    """The innermost state a path lies in, following only ASL's own nesting (not user data)."""
    n = len(parts)
    if n < 2 or parts[0] != "States":
        return None
    state, i = parts[1], 2
    while i < n:
        if parts[i] == "Branches" and i + 3 < n and parts[i + 2] == "States":
            state, i = parts[i + 3], i + 4
        elif parts[i] in ("ItemProcessor", "Iterator") and i + 2 < n and parts[i + 1] == "States":
            state, i = parts[i + 2], i + 3
        else:
            break
    return str(state)
