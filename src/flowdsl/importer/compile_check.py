"""Proving a written module compiles, and naming the state whose Python does not.

An import is Python the compiler takes back. When it does not, the first error's line leads to
the statement it is in and that statement's `# state:` comment to the state, which the import
then writes as literal ASL (low_level.py); an error that names no state makes the whole
definition literal.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

# The `# state: Name` comment the import writes (frontend/source.py reads the same form).
_STATE_NAME = re.compile(r"#\s*state:\s*(?P<name>[^#]*?)\s*(?:#.*)?$")


@dataclass(frozen=True)
class CompileProblem:
    message: str  # `error[FD134]: keyword arguments are not supported here`
    state: str | None  # the state of the statement the error is at, when it names one


def first_problem(source: str) -> CompileProblem | None:
    """The first compile error of the module, or None when it compiles."""
    from flowdsl.importer.verify import compile_in_scratch

    result = compile_in_scratch(source)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if not errors:
        return None
    first = errors[0]
    line = first.location.line if first.location is not None else None
    state = _state_at(source, line) if line is not None else None
    return CompileProblem(f"error[{first.code}]: {first.message}", state)


def _state_at(source: str, line: int) -> str | None:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found: tuple[int, int] | None = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or isinstance(node, ast.FunctionDef):
            continue
        first, last = node.lineno, node.end_lineno or node.lineno
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            last = body[0].lineno - 1  # a compound statement's own lines: its header
        if first <= line <= last and (found is None or last - first < found[1] - found[0]):
            found = (first, last)
    if found is None:
        return None
    lines = source.splitlines()
    for number in range(found[0], found[1] + 1):
        match = _STATE_NAME.search(lines[number - 1])
        if match:
            return match.group("name")
    return None
