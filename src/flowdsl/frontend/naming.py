"""Provisional state ids handed out while lowering, with the name each one asks for."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from flowdsl.errors import SourceLocation
from flowdsl.frontend.source import ModuleSource

MAX_DEFAULT_NAME = 60  # leaves room for a " 2" suffix under ASL's 80-character limit


@dataclass(frozen=True)
class NameRequest:
    desired: str
    explicit: bool
    loc: SourceLocation
    order: tuple[int, int, int]


class NameTable:
    """Hands out ids like `#3`; the naming pass turns them into final, unique state names."""

    def __init__(self, source: ModuleSource) -> None:
        self.source = source
        self.requests: dict[str, NameRequest] = {}
        self._count = 0

    def comment_name(self, node: ast.AST) -> str | None:
        """The `# state: Name` comment on any line of a simple statement, or of a compound
        statement's header: formatters move trailing comments to a call's closing line."""
        start = getattr(node, "lineno", 0)
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.AST):
            end = getattr(body[0], "lineno", start + 1) - 1
        else:
            end = getattr(node, "end_lineno", None) or start
        for line in range(start, max(start, end) + 1):
            if line in self.source.state_names:
                return self.source.state_names[line]
        return None

    def is_explicit(self, state_id: str) -> bool:
        return self.requests[state_id].explicit

    def new(
        self,
        node: ast.AST,
        default: str,
        *,
        use_comment: bool = True,
        sub_order: int = 0,
        part_of: str | None = None,
        last: bool = False,
    ) -> str:
        """A new state id; `part_of` names a helper state after the state it serves (`Settle
        results` for the try named `Settle`), so naming one state names its helpers too."""
        self._count += 1
        state_id = f"#{self._count}"
        explicit = self.comment_name(node) if use_comment else None
        if part_of is not None:
            default = f"{self.requests[part_of].desired} {default}"
        loc = self.source.location(node)
        self.requests[state_id] = NameRequest(
            desired=explicit or _tidy(default),
            explicit=explicit is not None,
            loc=loc,
            # `last`: a scope's closing state (Done) is listed after everything in the scope.
            order=(10**9, 0, sub_order) if last else (loc.line, loc.column, sub_order),
        )
        return state_id


def _tidy(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > MAX_DEFAULT_NAME:
        one_line = one_line[: MAX_DEFAULT_NAME - 1].rstrip() + "…"
    return one_line
