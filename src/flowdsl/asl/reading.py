"""The one bounded reader of JSON files from outside (ASL, substitutions, policies) for every command.

Files given to `validate`, `policy`, `run`, `graph` and `diff` may come from anyone (a pull
request, a teammate, an attacker), so reading one must end quickly and in bounded memory whatever
it holds: only regular files are opened (a FIFO or /dev/zero would block or never end), at most
MAX_READ_BYTES are read, the nesting depth is measured on the text before the (recursive) JSON
parser runs, and numbers Python cannot hold exactly are refused with a message instead of an
exception from deep inside the parser.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from flowdsl.errors import UsageError

# Step Functions accepts definitions up to 1 MiB (service-quotas.html), and `validate` reports a
# larger one as a finding (ASL800), so the reader must read past the quota; 8 MiB bounds memory
# and time while leaving room to say by how much a definition is over.
MAX_READ_BYTES = 8 * 1024 * 1024

# Real definitions nest a few dozen levels (a Map in a Parallel in a Map is about 15). Everything
# after the reader may recurse once per level, a few Python frames each, so the bound keeps
# every command well inside Python's default recursion limit of 1,000.
MAX_JSON_DEPTH = 200

# Python refuses to turn longer digit strings into int (sys.int_info.default_max_str_digits);
# AWS stores numbers as IEEE doubles anyway, so no real definition comes near this.
MAX_INTEGER_DIGITS = 4300

_UTF8_BOM = b"\xef\xbb\xbf"
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class Unreadable(UsageError):
    """A file that cannot be read as JSON at all.

    `str()` is the message for a user (`path: reason`, or `path:line:column: reason` where the
    JSON breaks); `reason` is the same without the path, for reports that print it already.
    """

    def __init__(self, path: str, reason: str, line: int | None = None, column: int | None = None):
        where = f"{path}:{line}:{column}" if line is not None else path
        super().__init__(f"{where}: {reason}")
        self.path = path
        self.reason = reason if line is None else f"{reason} at line {line} column {column}"


@dataclass
class JsonFile:
    """A parsed JSON file, its text, its size in bytes, and the keys that appeared twice.

    `duplicates` holds (id of the object, key) pairs; the ids refer to objects inside `doc`.
    """

    doc: Any
    text: str
    size: int
    duplicates: list[tuple[int, str]] = field(default_factory=list)


def read_json_file(path: str) -> JsonFile:
    """Read and parse one JSON file ("-" is stdin) within the bounds above; raise Unreadable."""
    raw = _read_stdin() if path == "-" else _read_regular_file(path)
    if raw.startswith(_UTF8_BOM):
        # RFC 8259 section 8.1: a parser may ignore a byte order mark; editors on Windows add one.
        raw = raw[len(_UTF8_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(path, f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    return parse_json_text(text, path, len(raw))


def parse_json_text(text: str, path: str = "<text>", size: int | None = None) -> JsonFile:
    """Parse JSON text within the depth and number bounds; raise Unreadable with a reason."""
    if not text.strip():
        raise Unreadable(path, "file is empty; expected a JSON object")
    depth = nesting_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise Unreadable(
            path,
            f"JSON is nested too deeply ({depth:,} levels; flowdsl reads at most "
            f"{MAX_JSON_DEPTH}, ASL801): split deep nesting into child state machines",
        )
    duplicates: list[tuple[int, str]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        for key, value in items:
            if key in obj:
                duplicates.append((id(obj), key))
            obj[key] = value
        return obj

    try:
        doc = _json_loads(text, pairs)
    except _BadNumber as exc:
        raise Unreadable(path, str(exc)) from None
    except json.JSONDecodeError as exc:
        raise Unreadable(path, f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except ValueError as exc:  # NaN or Infinity (_reject_constant), or an overlong integer
        digits = re.search(r"integer string conversion: value has (\d+) digits", str(exc))
        if digits is None:
            raise Unreadable(path, f"not valid JSON: {exc}") from None
        # Python refuses longer integers (sys.int_info.default_max_str_digits).
        raise Unreadable(
            path,
            f"a number has {int(digits[1]):,} digits; flowdsl reads at most "
            f"{MAX_INTEGER_DIGITS:,} (Step Functions keeps numbers as 64-bit floating point)",
        ) from None
    except RecursionError:  # unreachable after the depth check; kept so no traceback escapes
        raise Unreadable(path, "JSON is nested too deeply to read (ASL801)") from None
    size = size if size is not None else len(text.encode("utf-8", "surrogatepass"))
    return JsonFile(doc, text, size, duplicates)


def nesting_depth(text: str) -> int:
    """The deepest nesting of [ and { in JSON text, ignoring brackets inside strings."""
    # Cheap exit: nesting deeper than the bound needs more opening brackets than the bound.
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    # A running sum over the brackets alone, iterated in C (about 50 ns a bracket).
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def read_file_bytes(path: str) -> bytes:
    """The bytes of a regular file, at most MAX_READ_BYTES of them; raise Unreadable otherwise.

    For readers of formats other than JSON (the importer's YAML) that want the same bounds."""
    return _read_regular_file(path)


def _read_regular_file(path: str) -> bytes:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise Unreadable(path, "no such file") from None
    except OSError as exc:
        raise Unreadable(path, f"cannot read file: {exc.strerror or exc}") from None
    _refuse_special(path, info.st_mode)
    try:
        # O_NONBLOCK: should the path turn into a FIFO between stat and open, open() must not wait
        # for a writer. fstat then checks what was actually opened.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise Unreadable(path, f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        _refuse_special(path, os.fstat(fd).st_mode)
        try:
            raw = handle.read(MAX_READ_BYTES + 1)
        except OSError as exc:
            raise Unreadable(path, f"cannot read file: {exc.strerror or exc}") from None
    _refuse_huge(path, raw)
    return raw


def _read_stdin() -> bytes:
    raw = sys.stdin.buffer.read(MAX_READ_BYTES + 1)
    _refuse_huge("-", raw)
    return raw


def _refuse_special(path: str, mode: int) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise Unreadable(path, f"is {kind}, not a regular file; give a JSON file")
    if not stat.S_ISREG(mode):
        raise Unreadable(path, "is not a regular file; give a JSON file")


def _refuse_huge(path: str, raw: bytes) -> None:
    if len(raw) > MAX_READ_BYTES:
        raise Unreadable(
            path,
            f"file is larger than {MAX_READ_BYTES:,} bytes, more than flowdsl reads (Step "
            "Functions accepts definitions up to 1,048,576 bytes, ASL800); not read",
        )


class _BadNumber(ValueError):
    """A JSON number flowdsl cannot hold: too many digits, or beyond the range of a double."""


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _BadNumber(
            f"the number {text[:40]}{'...' if len(text) > 40 else ''} is beyond the range of a "
            "64-bit floating point number"
        )
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (RFC 8259 has no NaN or Infinity)")


def _json_loads(text: str, pairs: Any) -> Any:
    return json.loads(
        text,
        object_pairs_hook=pairs,
        parse_float=_parse_float,
        parse_constant=_reject_constant,
    )
