"""The JSONPath intrinsic functions (`States.Format(...)` and friends): a parser and a table.

Source for every function and its argument rules:
https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
Errors in an intrinsic's arguments are `States.IntrinsicFailure`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from flowdsl.run.errors import STATES_INTRINSIC_FAILURE, StatesError
from flowdsl.run.jsonpath import PathNotFound, select


class IntrinsicFailure(StatesError):
    def __init__(self, cause: str) -> None:
        super().__init__(STATES_INTRINSIC_FAILURE, cause)


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class PathArg:
    path: str


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> IntrinsicFailure:
        return IntrinsicFailure(f"Invalid intrinsic function {self.text!r}: {what} at {self.pos}")

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def call(self) -> Call:
        self.skip()
        start = self.pos
        while self.pos < len(self.text) and (
            self.text[self.pos].isalnum() or self.text[self.pos] == "."
        ):
            self.pos += 1
        name = self.text[start : self.pos]
        if not name.startswith("States.") or name not in FUNCTIONS:
            raise self.fail(f"unknown function {name!r}")
        self.skip()
        if self.text[self.pos : self.pos + 1] != "(":
            raise self.fail("expected '('")
        self.pos += 1
        args: list[Any] = []
        self.skip()
        if self.text[self.pos : self.pos + 1] == ")":
            self.pos += 1
            return Call(name, ())
        while True:
            args.append(self.argument())
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == ")":
                return Call(name, tuple(args))
            if char != ",":
                raise self.fail("expected ',' or ')'")

    def argument(self) -> Any:
        self.skip()
        char = self.text[self.pos : self.pos + 1]
        if char == "'":
            return Literal(self.string())
        if char == "$":
            start = self.pos
            depth = 0
            while self.pos < len(self.text):
                c = self.text[self.pos]
                if c == "[":
                    depth += 1
                elif c == "]":
                    depth -= 1
                elif depth == 0 and (c in ",)" or c.isspace()):
                    break
                self.pos += 1
            return PathArg(self.text[start : self.pos])
        if self.text.startswith("States.", self.pos):
            return self.call()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",) ":
            self.pos += 1
        token = self.text[start : self.pos]
        try:
            return Literal(json.loads(token))
        except ValueError:
            raise self.fail(f"bad argument {token!r}") from None

    def string(self) -> str:
        # Inside a literal, \' \{ \} \\ are escapes; {} stays for States.Format to fill.
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c == "\\" and self.pos + 1 < len(self.text):
                nxt = self.text[self.pos + 1]
                out.append("\\" + nxt if nxt in "{}" else nxt)
                self.pos += 2
                continue
            if c == "'":
                self.pos += 1
                return "".join(out)
            out.append(c)
            self.pos += 1
        raise self.fail("unterminated string")


@lru_cache(maxsize=2048)
def parse(text: str) -> Call:
    parser = _Parser(text)
    call = parser.call()
    parser.skip()
    if parser.pos != len(text):
        raise parser.fail("trailing text")
    return call


class Intrinsics:
    """Evaluates intrinsic calls; randomness (UUID, MathRandom) comes from the run's seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def evaluate(self, text: str, data: Any, context: Any, variables: Any) -> Any:
        return self._eval(parse(text), data, context, variables)

    def _eval(self, node: Any, data: Any, context: Any, variables: Any) -> Any:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, PathArg):
            try:
                return select(node.path, data, context, variables)
            except PathNotFound:
                raise IntrinsicFailure(f"The path {node.path!r} selected nothing") from None
        args = [self._eval(a, data, context, variables) for a in node.args]
        function, arity = FUNCTIONS[node.name]
        if arity is not None and not arity[0] <= len(args) <= arity[1]:
            raise IntrinsicFailure(f"{node.name} takes {arity} arguments, got {len(args)}")
        try:
            return function(self, *args)
        except IntrinsicFailure:
            raise
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
            raise IntrinsicFailure(f"{node.name} failed: {exc}") from None


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _format(_: Intrinsics, template: str, *values: Any) -> str:
    out: list[str] = []
    i = 0
    remaining = list(values)
    while i < len(template):
        if template.startswith("\\{", i) or template.startswith("\\}", i):
            out.append(template[i + 1])
            i += 2
        elif template.startswith("{}", i):
            if not remaining:
                raise IntrinsicFailure("States.Format has more {} than arguments")
            value = remaining.pop(0)
            out.append(_format_value(value))
            i += 2
        else:
            out.append(template[i])
            i += 1
    if remaining:
        raise IntrinsicFailure("States.Format has more arguments than {}")
    return "".join(out)


def _format_value(value: Any) -> str:
    """An object argument is rendered as AWS renders it, Java-map style: `{Arg1=1, Arg2=[]}`
    (recorded on AWS: tests/parity/, test_generic test_format_2 and test_context_json_path)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in value.items()) + "}"
    return _dumps(value)


def _java_text(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_java_text(v) for v in value) + "]"
    return _format_value(value)


def _string_to_json(_: Intrinsics, text: Any) -> Any:
    """An empty or blank string parses to null on AWS (recorded: test_string_to_json)."""
    _require(isinstance(text, str), "States.StringToJson takes a string")
    if not text.strip():
        return None
    return json.loads(text)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise IntrinsicFailure(message)


def _partition(_: Intrinsics, array: list[Any], size: int) -> list[list[Any]]:
    _require(isinstance(array, list) and isinstance(size, int) and size > 0, "bad arguments")
    return [array[i : i + size] for i in range(0, len(array), size)]


def _range(_: Intrinsics, start: int, end: int, step: int) -> list[int]:
    _require(all(isinstance(v, int) for v in (start, end, step)) and step != 0, "bad arguments")
    values = range(start, end + (1 if step > 0 else -1), step)
    # Checked before the list is built: States.ArrayRange(1, 1000000000, 1) must not fill memory.
    _require(len(values) <= 1000, "States.ArrayRange may produce at most 1000 items")
    return list(values)


def _get_item(_: Intrinsics, array: list[Any], index: int) -> Any:
    _require(isinstance(array, list) and isinstance(index, int), "bad arguments")
    return array[index]


def _unique(_: Intrinsics, array: list[Any]) -> list[Any]:
    _require(isinstance(array, list), "States.ArrayUnique takes an array")
    seen: list[Any] = []
    for item in array:
        if item not in seen:
            seen.append(item)
    return seen


_HASHES = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}


def _hash(_: Intrinsics, data: Any, algorithm: str) -> str:
    _require(algorithm in _HASHES, f"States.Hash algorithm must be one of {sorted(_HASHES)}")
    text = data if isinstance(data, str) else _dumps(data)
    return hashlib.new(_HASHES[algorithm], text.encode()).hexdigest()


def _merge(
    _: Intrinsics, left: dict[str, Any], right: dict[str, Any], deep: bool
) -> dict[str, Any]:
    _require(
        isinstance(left, dict) and isinstance(right, dict), "States.JsonMerge takes two objects"
    )
    _require(deep is False, "States.JsonMerge supports only shallow merging (false)")
    return {**left, **right}


def _random(self: Intrinsics, start: int, end: int, seed: int | None = None) -> int:
    _require(isinstance(start, int) and isinstance(end, int) and start < end, "bad arguments")
    rng = random.Random(seed) if seed is not None else self.rng
    return rng.randrange(start, end)


def _split(_: Intrinsics, text: str, delimiters: str) -> list[str]:
    _require(isinstance(text, str) and isinstance(delimiters, str), "bad arguments")
    parts = [text]
    for delimiter in delimiters:
        parts = [piece for part in parts for piece in part.split(delimiter)]
    return [p for p in parts if p != ""]


def _uuid(self: Intrinsics) -> str:
    return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def _add(_: Intrinsics, a: Any, b: Any) -> int:
    """AWS rounds each operand half up before adding (recorded on AWS: 1.49 + 1.5 = 3,
    -1.5 + 0 = -1, -0.5 + 0.5 = 1; tests/parity/, test_math_operations test_math_add)."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b))
    _require(numbers, "States.MathAdd takes two numbers")
    return math.floor(a + 0.5) + math.floor(b + 0.5)


FUNCTIONS: dict[str, tuple[Callable[..., Any], tuple[int, int] | None]] = {
    "States.Format": (_format, None),
    "States.StringToJson": (_string_to_json, (1, 1)),
    "States.JsonToString": (lambda _, v: _dumps(v), (1, 1)),
    "States.Array": (lambda _, *values: list(values), None),
    "States.ArrayPartition": (_partition, (2, 2)),
    "States.ArrayContains": (lambda _, array, value: value in array, (2, 2)),
    "States.ArrayRange": (_range, (3, 3)),
    "States.ArrayGetItem": (_get_item, (2, 2)),
    "States.ArrayLength": (lambda _, array: len(array), (1, 1)),
    "States.ArrayUnique": (_unique, (1, 1)),
    "States.Base64Encode": (lambda _, s: base64.b64encode(s.encode()).decode(), (1, 1)),
    "States.Base64Decode": (lambda _, s: base64.b64decode(s).decode(), (1, 1)),
    "States.Hash": (_hash, (2, 2)),
    "States.JsonMerge": (_merge, (3, 3)),
    "States.MathRandom": (_random, (2, 3)),
    "States.MathAdd": (_add, (2, 2)),
    "States.StringSplit": (_split, (2, 2)),
    "States.UUID": (_uuid, (0, 0)),
}
