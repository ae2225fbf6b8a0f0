"""Where jsonata-python differs from JSONata as Step Functions runs it, corrected for the runner.

Step Functions evaluates JSONata 2.x, the JavaScript reference implementation
(https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html). jsonata-python is a
port; each difference below was checked against JavaScript semantics, which JSONata inherits:

- `%` is JavaScript's remainder: `7.5 % 2` is 1.5 (jsonata-python truncates it to 1).
- `$lowercase` is `String.prototype.toLowerCase`: `"ß"` stays `"ß"` (jsonata-python case-folds it
  to `"ss"`); Python's `str.lower` follows the same Unicode default mapping as JavaScript.
- Strings are ordered as JavaScript orders them, by UTF-16 code units (`<`, `>`, and `$sort`
  without a comparator). Python orders by code points; the two differ when a character outside
  the Basic Multilingual Plane (an emoji, U+1F600) meets one in U+E000..U+FFFF.
- `$length` and `$substring` count Unicode code points in JSONata (it splits strings with
  `Array.from`, so an emoji is one character), which is what Python's `len` and slicing count:
  jsonata-python already agrees there and nothing is patched.
- Regular expressions run in the `regex` engine with a timeout (flowdsl.run.bounds), so a
  catastrophically backtracking pattern cannot hang the run.
"""

from __future__ import annotations

import math
from typing import Any

import regex
from jsonata import jexception, utils
from jsonata.functions import Functions
from jsonata.jsonata import Jsonata
from jsonata.regex_engine import RegexFlags

from flowdsl.run.bounds import REGEX_TIMEOUT_SECONDS, RegexTimeout
from flowdsl.run.jsonata_bounded import refuse_large_text


class AwsJsonata(Jsonata):
    """jsonata-python with JavaScript's remainder and string ordering, and a bounded `&`."""

    def evaluate_numeric_expression(self, lhs: Any, rhs: Any, op: str | None) -> Any:
        if op != "%" or lhs is None or rhs is None:
            return super().evaluate_numeric_expression(lhs, rhs, op)
        if not utils.Utils.is_numeric(lhs):
            raise jexception.JException("T2001", -1, op, lhs)
        if not utils.Utils.is_numeric(rhs):
            raise jexception.JException("T2002", -1, op, rhs)
        if float(rhs) == 0:
            # JavaScript gives NaN, which JSONata reports as a number out of range (D1001).
            raise jexception.JException("D1001", -1, "NaN")
        return utils.Utils.convert_number(math.fmod(float(lhs), float(rhs)))

    def evaluate_string_concat(self, lhs: Any, rhs: Any) -> str:
        # `&` writes an array or object operand as JSON text: bounded as `$string` is
        # (flowdsl.run.jsonata_bounded).
        refuse_large_text(lhs, "&: JSON text")
        refuse_large_text(rhs, "&: JSON text")
        result: str = super().evaluate_string_concat(lhs, rhs)
        return result

    def evaluate_comparison_expression(self, lhs: Any, rhs: Any, op: str | None) -> Any:
        if isinstance(lhs, str) and isinstance(rhs, str):
            left, right = utf16_key(lhs), utf16_key(rhs)
            return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[
                str(op)
            ]
        return super().evaluate_comparison_expression(lhs, rhs, op)


def utf16_key(text: str) -> bytes:
    """A sort key ordering strings by UTF-16 code units, as JavaScript compares them."""
    # Big-endian UTF-16 compares bytewise exactly as its 16-bit code units compare.
    return text.encode("utf-16-be", "surrogatepass")


class _Corrected:
    """Native functions bound over jsonata-python's own (see the module docstring)."""

    @staticmethod
    def lowercase(string: Any) -> Any:
        if string is None:
            return None
        if string is utils.Utils.NULL_VALUE:
            raise jexception.JException("T0410", -1)
        return string.lower()

    @staticmethod
    def sort(arr: Any, comparator: Any) -> Any:
        if comparator is None and arr is not None and all(isinstance(v, str) for v in arr):
            return sorted(arr, key=utf16_key) if len(arr) > 1 else arr
        return Functions.sort(arr, comparator)


CORRECTED_FUNCTIONS: dict[str, Any] = {
    "lowercase": Jsonata.function("lowercase", "<s-:s>", _Corrected, "lowercase"),
    "sort": Jsonata.function("sort", "<af?:a>", _Corrected, "sort"),
}


class _TimedPattern:
    """A compiled `regex` pattern whose every search gives up after REGEX_TIMEOUT_SECONDS."""

    def __init__(self, pattern: Any) -> None:
        self._pattern = pattern

    def search(self, string: str) -> Any:
        return _timed(lambda: self._pattern.search(string, timeout=REGEX_TIMEOUT_SECONDS))

    def finditer(self, string: str) -> Any:
        # Collected eagerly: the timeout covers the whole scan, and a timeout raised while the
        # caller iterates would escape this wrapper.
        return iter(
            _timed(lambda: list(self._pattern.finditer(string, timeout=REGEX_TIMEOUT_SECONDS)))
        )

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        result: str = _timed(
            lambda: self._pattern.sub(repl, string, count=count, timeout=REGEX_TIMEOUT_SECONDS)
        )
        return result

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        result: list[str] = _timed(
            lambda: self._pattern.split(string, maxsplit=maxsplit, timeout=REGEX_TIMEOUT_SECONDS)
        )
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pattern, name)


def _timed(run: Any) -> Any:
    try:
        return run()
    except TimeoutError:
        raise RegexTimeout() from None


def timed_regex_engine(pattern: str, flags: RegexFlags) -> _TimedPattern:
    """jsonata-python's regex_engine hook: the `regex` module (re-compatible) with a timeout."""
    options = 0
    if flags.case_insensitive:
        options |= regex.IGNORECASE
    if flags.multiline:
        options |= regex.MULTILINE
    return _TimedPattern(regex.compile(pattern, options))
