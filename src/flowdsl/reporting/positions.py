"""Where a JSON pointer's value starts in a JSON text, as 1-based line and column.

`json` gives no positions, so this walks the text once with the same grammar (RFC 8259),
recording where each value starts; for an object member that is its key, which is what an
editor should highlight. Malformed text gives no positions (the caller reports at the file).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = ("true", "false", "null")
_DECODER = json.JSONDecoder()


def pointer_offsets(text: str) -> dict[str, int]:
    """Character offset of every value by its JSON pointer ("" is the document); {} if malformed."""
    offsets: dict[str, int] = {}
    try:
        end = _value(text, _skip(text, 0), "", offsets, None)
    except (ValueError, IndexError, RecursionError):
        return {}
    return offsets if _skip(text, end) == len(text) else {}


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def locate(text: str, pointer: str, offsets: dict[str, int] | None = None) -> tuple[int, int]:
    """Line and column of `pointer`, or of its nearest existing parent; (1, 1) if none."""
    table = pointer_offsets(text) if offsets is None else offsets
    candidate = pointer
    while candidate not in table and candidate:
        candidate = candidate.rsplit("/", 1)[0]
    return position(text, table[candidate]) if candidate in table else (1, 1)


def state_pointer(definition: Mapping[str, Any], state: str) -> str | None:
    """The pointer of a state by name, looking into Parallel branches and Map processors."""
    for path, name in _states(definition, ""):
        if name == state:
            return path
    return None


def _states(graph: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if not isinstance(graph, Mapping) or not isinstance(graph.get("States"), Mapping):
        return
    for name, body in graph["States"].items():
        here = f"{prefix}/States/{_escape(str(name))}"
        yield here, str(name)
        if not isinstance(body, Mapping):
            continue
        for index, branch in enumerate(body.get("Branches") or []):
            yield from _states(branch, f"{here}/Branches/{index}")
        for key in ("ItemProcessor", "Iterator"):
            yield from _states(body.get(key), f"{here}/{key}")


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _skip(text: str, at: int) -> int:
    match = _WHITESPACE.match(text, at)
    return match.end() if match else at


def _value(text: str, at: int, path: str, offsets: dict[str, int], key_at: int | None) -> int:
    """Parse the value at `at`; record it under `path`; return the offset after it."""
    offsets[path] = at if key_at is None else key_at
    char = text[at]
    if char == "{":
        return _object(text, at + 1, path, offsets)
    if char == "[":
        return _array(text, at + 1, path, offsets)
    if char == '"':
        return _string(text, at)[1]
    for literal in _LITERALS:
        if text.startswith(literal, at):
            return at + len(literal)
    number = _NUMBER.match(text, at)
    if number is None or number.end() == at:
        raise ValueError(f"no JSON value at {at}")
    return number.end()


def _object(text: str, at: int, path: str, offsets: dict[str, int]) -> int:
    at = _skip(text, at)
    if text[at] == "}":
        return at + 1
    while True:
        key_at = at
        key, at = _string(text, at)
        at = _skip(text, at)
        if text[at] != ":":
            raise ValueError("expected ':'")
        at = _value(text, _skip(text, at + 1), f"{path}/{_escape(key)}", offsets, key_at)
        at = _skip(text, at)
        if text[at] == "}":
            return at + 1
        if text[at] != ",":
            raise ValueError("expected ',' or '}'")
        at = _skip(text, at + 1)


def _array(text: str, at: int, path: str, offsets: dict[str, int]) -> int:
    at = _skip(text, at)
    if text[at] == "]":
        return at + 1
    index = 0
    while True:
        at = _skip(text, _value(text, at, f"{path}/{index}", offsets, None))
        index += 1
        if text[at] == "]":
            return at + 1
        if text[at] != ",":
            raise ValueError("expected ',' or ']'")
        at = _skip(text, at + 1)


def _string(text: str, at: int) -> tuple[str, int]:
    if text[at] != '"':
        raise ValueError("expected a string")
    value, end = _DECODER.raw_decode(text, at)  # the string's own escapes, as json reads them
    return str(value), end
