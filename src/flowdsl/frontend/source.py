"""Reading a workflow's source: its function node, locations, and `# state:` name comments."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from flowdsl.errors import CompileError, SourceLocation

# `# state: Name`, optionally followed by another comment (a linter directive, say).
_STATE_NAME = re.compile(r"#\s*state:\s*(?P<name>[^#]*?)\s*(?:#.*)?$")
# `# flowdsl: ignore[FD181, FD183]`: the warnings of those codes on this line are not shown
# (differences.py); anywhere in the line's comment, after a `# state:` one say.
_IGNORE = re.compile(r"#\s*flowdsl:\s*ignore\[(?P<codes>[A-Z0-9,\s]+)\]")


@dataclass(frozen=True, eq=False)
class ModuleSource:
    """One parsed Python file: its text, tree and `# state: Name` comments by line."""

    path: str
    text: str
    tree: ast.Module
    state_names: dict[int, str] = field(default_factory=dict)
    ignored: dict[int, frozenset[str]] = field(default_factory=dict)  # line -> warning codes

    def location(self, node: ast.AST) -> SourceLocation:
        line = getattr(node, "lineno", 1)
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        col = _char_offset(text, getattr(node, "col_offset", 0)) + 1
        end_line = getattr(node, "end_lineno", line)
        end_col = getattr(node, "end_col_offset", None)
        end = _char_offset(text, end_col) + 1 if end_col is not None and end_line == line else None
        return SourceLocation(self.display_path, line, col, end)

    @property
    def display_path(self) -> str:
        return self.path

    def segment(self, node: Any) -> str:
        """The source text of a node (ast.get_source_segment re-splits the file on every call,
        which turns large workflows quadratic; this uses line offsets computed once)."""
        try:
            start = self._offsets[node.lineno - 1] + _char_offset(
                self._lines[node.lineno - 1], node.col_offset
            )
            end_line = node.end_lineno or node.lineno
            end = self._offsets[end_line - 1] + _char_offset(
                self._lines[end_line - 1], node.end_col_offset or 0
            )
        except (AttributeError, IndexError):
            return ""
        return self.text[start:end]

    @cached_property
    def _lines(self) -> list[str]:
        return self.text.splitlines(keepends=True)

    @cached_property
    def _offsets(self) -> list[int]:
        offsets, total = [], 0
        for line in self._lines:
            offsets.append(total)
            total += len(line)
        return offsets

    def function(self, name: str, line: int) -> ast.FunctionDef:
        """The `def` of a decorated function that starts (decorators included) at `line`."""
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if line in (first, node.lineno):
                    if isinstance(node, ast.AsyncFunctionDef):
                        raise CompileError.at(
                            "FD101",
                            "a workflow is a plain `def`, not `async def`",
                            self.location(node),
                            "remove `async`",
                        )
                    return node
        raise CompileError.at(
            "FD100",
            f"cannot find the source of workflow function {name!r}",
            SourceLocation(self.path, line, 1),
        )


def load(path: str, display_path: str | None = None, text: str | None = None) -> ModuleSource:
    """Parse a flow file; `text` is the source already read (the build reads each file once)."""
    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    tree = ast.parse(text, filename=path)
    names, ignored = _comments(text)
    return ModuleSource(display_path or path, text, tree, names, ignored)


def _comments(text: str) -> tuple[dict[int, str], dict[int, frozenset[str]]]:
    """Line -> name for every `# state: Name` comment, and line -> codes for every
    `# flowdsl: ignore[...]` (tokenized, so `#` inside strings is safe)."""
    names: dict[int, str] = {}
    ignored: dict[int, frozenset[str]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                line = token.start[0]
                match = _STATE_NAME.match(token.string)
                if match:
                    names[line] = match.group("name")
                ignore = _IGNORE.search(token.string)
                if ignore:
                    ignored[line] = frozenset(
                        code.strip() for code in ignore.group("codes").split(",") if code.strip()
                    )
    except (tokenize.TokenError, SyntaxError):
        pass
    return names, ignored


def _char_offset(line: str, byte_offset: int) -> int:
    """ast columns count UTF-8 bytes; string slicing counts characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))
