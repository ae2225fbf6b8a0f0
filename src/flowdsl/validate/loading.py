"""Read an ASL file safely: size limit, strict JSON, duplicate keys, depth; never a traceback."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flowdsl.validate.problem import Part, Problem, pointer, state_of
from flowdsl.validate.rules import MAX_DEFINITION_BYTES


@dataclass
class Loaded:
    """A parsed definition, its size in bytes, and problems found while parsing (ASL106)."""

    doc: Any
    text: str
    size: int
    problems: list[Problem] = field(default_factory=list)


class Unreadable(Exception):
    """The file cannot be validated at all (missing, not UTF-8, empty, not JSON, too large)."""


def load_definition(path: str) -> Loaded:
    """Read and parse one definition file; raise Unreadable with a one-line reason."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_DEFINITION_BYTES + 1)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > MAX_DEFINITION_BYTES:
        raise Unreadable(
            f"file is larger than {MAX_DEFINITION_BYTES:,} bytes, the Step Functions limit for a "
            "definition (ASL800); not validated"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"file is not UTF-8 text (byte {exc.start})") from None
    return parse_definition(text, len(raw))


def parse_definition(text: str, size: int | None = None) -> Loaded:
    """Parse definition text; raise Unreadable if it is empty, not JSON, or nested too deeply."""
    if not text.strip():
        raise Unreadable("file is empty; expected an ASL definition (a JSON object)")
    duplicates: list[tuple[int, str]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                duplicates.append((id(obj), key))
            obj[key] = value
        return obj

    def reject_constant(name: str) -> None:
        raise ValueError(f"{name} is not valid JSON")

    try:
        doc = json.loads(text, object_pairs_hook=pairs, parse_constant=reject_constant)
    except json.JSONDecodeError as exc:
        raise Unreadable(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise Unreadable(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise Unreadable("JSON is nested too deeply to read (ASL801)") from None
    loaded = Loaded(doc, text, size if size is not None else len(text.encode("utf-8")))
    if duplicates:
        loaded.problems = _duplicate_problems(doc, duplicates)
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
