"""Provisional state ids handed out while lowering, with the name each one asks for."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from flowdsl.errors import Diagnostic, SourceLocation
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
        self.used_comment_lines: set[int] = set()
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
                self.used_comment_lines.add(line)
                return self.source.state_names[line]
        return None

    def skip(self, node: ast.AST) -> None:
        """Code that becomes no state (an except nothing can reach): its comments are fine."""
        start = getattr(node, "lineno", 0)
        self.used_comment_lines.update(range(start, (getattr(node, "end_lineno", 0) or start) + 1))

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
        """A new state id; `part_of` names a helper state after the state it serves (`Reject
        → Invalid` for the jump of the raise named `Reject`), so naming one names its helpers."""
        self._count += 1
        state_id = f"#{self._count}"
        explicit = self.comment_name(node) if use_comment else None
        if part_of is not None:
            # Shorten the served state's name, not the helper's own words, to fit.
            suffix = _tidy(default)
            parent = _tidy(self.requests[part_of].desired, MAX_DEFAULT_NAME - len(suffix) - 1)
            default = f"{parent} {suffix}"
        loc = self.source.location(node)
        self.requests[state_id] = NameRequest(
            desired=explicit or _tidy(default),
            explicit=explicit is not None,
            loc=loc,
            # `last`: a scope's closing state (Done) is listed after everything in the scope.
            order=(10**9, 0, sub_order) if last else (loc.line, loc.column, sub_order),
        )
        return state_id

    def fixed(self, node: ast.AST, name: str, sub_order: int) -> str:
        """An id for a state whose name is written out in literal ASL: kept as written (an
        explicit name, so a clash with another is FD191), listed in the literal's order."""
        self._count += 1
        state_id = f"#{self._count}"
        loc = self.source.location(node)
        self.requests[state_id] = NameRequest(
            desired=name, explicit=True, loc=loc, order=(loc.line, loc.column, sub_order)
        )
        return state_id


def _tidy(text: str, limit: int = MAX_DEFAULT_NAME) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > limit:
        one_line = one_line[: max(limit - 1, 1)].rstrip() + "…"
    return one_line


def unused_comments(names: NameTable, fn: ast.FunctionDef) -> list[Diagnostic]:
    """`# state:` comments in `fn` that named no state: a typo'd place must not pass silently."""
    problems = []
    for line in range(fn.lineno, (fn.end_lineno or fn.lineno) + 1):
        if line in names.source.state_names and line not in names.used_comment_lines:
            text = names.source.text.splitlines()[line - 1]
            column = max(text.find("# state"), text.find("#")) + 1
            problems.append(
                Diagnostic(
                    "FD192",
                    f"the comment '# state: {names.source.state_names[line]}' names no state",
                    SourceLocation(names.source.display_path, line, column),
                    "put it on a statement that becomes a state: a call, an assignment, a "
                    "return or raise, or the header of an if, while or for (a try, an else or "
                    "a def is no state of its own)",
                )
            )
    return problems
