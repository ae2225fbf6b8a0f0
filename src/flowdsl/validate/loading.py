"""Read an ASL file for validation: the shared bounded reader, plus duplicate keys as ASL106."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flowdsl.asl.reading import JsonFile, parse_json_text, read_json_file
from flowdsl.asl.reading import Unreadable as NotJson
from flowdsl.validate.problem import Part, Problem, pointer, state_of


@dataclass
class Loaded:
    """A parsed definition, its size in bytes, and problems found while parsing (ASL106)."""

    doc: Any
    text: str
    size: int
    problems: list[Problem] = field(default_factory=list)


class Unreadable(Exception):
    """The file cannot be validated at all (missing, special, not UTF-8, empty, not JSON, huge)."""


def load_definition(path: str) -> Loaded:
    """Read and parse one definition file ("-" is stdin); raise Unreadable with a one-line reason."""
    try:
        return _loaded(read_json_file(path))
    except NotJson as exc:
        raise Unreadable(exc.reason) from None


def parse_definition(text: str, size: int | None = None) -> Loaded:
    """Parse definition text; raise Unreadable if it is empty, not JSON, or nested too deeply."""
    try:
        return _loaded(parse_json_text(text, size=size))
    except NotJson as exc:
        raise Unreadable(exc.reason) from None


def _loaded(parsed: JsonFile) -> Loaded:
    loaded = Loaded(parsed.doc, parsed.text, parsed.size)
    if parsed.duplicates:
        loaded.problems = _duplicate_problems(parsed.doc, parsed.duplicates)
    return loaded


def _duplicate_problems(doc: Any, duplicates: list[tuple[int, str]]) -> list[Problem]:
    wanted: dict[int, list[str]] = {}
    for obj_id, key in duplicates:
        wanted.setdefault(obj_id, []).append(key)
    found: list[Problem] = []
    stack: list[tuple[tuple[Part, ...], Any]] = [((), doc)]
    while stack:
        parts, node = stack.pop()
        if isinstance(node, dict):
            for key in wanted.get(id(node), ()):
                where = (*parts, key)
                found.append(
                    Problem(
                        "ASL106",
                        pointer(where),
                        state_of(where),
                        f"key {key!r} appears more than once; only the last value counts",
                    )
                )
            stack.extend(((*parts, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*parts, i), v) for i, v in enumerate(node))
    return found
