"""The Python an import writes: statements made with `ast`, each with its `# state:` comment.

`ast.unparse` drops comments, so statements are kept as a small tree of our own and rendered
line by line: a simple statement is one `ast.stmt`; a block is a header (`if x:`, `try:`,
`def f():`) with a body. `ruff format` gives the text its final layout afterwards.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import dataclass, field
from typing import Any

INDENT = "    "


@dataclass
class Stmt:
    """A simple statement (`node`) or a block (`header` and `body`), with its comments."""

    node: ast.stmt | None = None
    header: ast.expr | str | None = None  # `if`/`while` test, or a literal header line
    keyword: str = ""  # "if", "elif", "while": how `header` (an expression) is written
    body: list[Stmt] = field(default_factory=list)
    state: str | None = None  # the ASL state this statement is (`# state: Name`)
    noqa: tuple[str, ...] = ()
    note: str | None = None  # a `#` comment written above the statement (why it reads so)

    def render(self, depth: int = 0) -> list[str]:
        comment = _comment(self.state, self.noqa)
        pad = INDENT * depth
        notes = [pad + "# " + line for line in textwrap.wrap(self.note or "", 92)]
        if self.node is not None:
            lines = ast.unparse(self.node).splitlines()
            lines[0] += comment
            return notes + [pad + line for line in lines]
        if isinstance(self.header, ast.expr):
            first = f"{self.keyword} {ast.unparse(self.header)}:"
        else:
            first = str(self.header)
        out = [*notes, pad + first + comment]
        body = self.body or [Stmt(node=ast.Pass())]
        for stmt in body:
            out.extend(stmt.render(depth + 1))
        return out


def _comment(state: str | None, noqa: tuple[str, ...]) -> str:
    parts = []
    if state is not None:
        parts.append(f"# state: {state}")
    if noqa:
        parts.append(f"# noqa: {', '.join(sorted(set(noqa)))}")
    return ("  " + "  ".join(parts)) if parts else ""


def simple(node: ast.stmt, state: str | None = None, noqa: tuple[str, ...] = ()) -> Stmt:
    return Stmt(node=ast.fix_missing_locations(node), state=state, noqa=noqa)


def block(header: str, body: list[Stmt], state: str | None = None) -> Stmt:
    return Stmt(header=header, body=body, state=state)


def test(
    keyword: str,
    condition: ast.expr,
    body: list[Stmt],
    state: str | None = None,
    noqa: tuple[str, ...] = (),
) -> Stmt:
    return Stmt(header=condition, keyword=keyword, body=body, state=state, noqa=noqa)


def literal(value: Any) -> ast.expr:
    """JSON as a Python display (`.$` keys stay keys: nothing in it is evaluated)."""
    if isinstance(value, dict):
        return ast.Dict(
            keys=[ast.Constant(k) for k in value], values=[literal(v) for v in value.values()]
        )
    if isinstance(value, list):
        return ast.List(elts=[literal(v) for v in value], ctx=ast.Load())
    return ast.Constant(value)


def assign(target: ast.expr, value: ast.expr) -> ast.stmt:
    store = _as_store(target)
    return ast.Assign(targets=[store], value=value, lineno=0)


def _as_store(target: ast.expr) -> ast.expr:
    if isinstance(target, ast.Name):
        return ast.Name(id=target.id, ctx=ast.Store())
    if isinstance(target, ast.Subscript):
        return ast.Subscript(value=target.value, slice=target.slice, ctx=ast.Store())
    raise TypeError(f"cannot assign to {ast.unparse(target)}")


def ends(body: list[Stmt]) -> bool:
    """The block never falls through: it ends in return, raise, break or continue."""
    if not body:
        return False
    last = body[-1]
    if last.node is not None:
        return isinstance(last.node, ast.Return | ast.Raise | ast.Break | ast.Continue)
    return False
