"""JSONata's native functions that can make a huge value in one call, bounded before they allocate.

The evaluation's step hook sees each value only after it is made (flowdsl.run.bounds), which is
too late for a native function that turns a small input into a huge one in one step: `$pad("x",
1e11)`, `$join` of a million references to one long string, `$string` of such an array (or `&`,
which calls it), `$replace` of every character by a long string. These versions measure the result
first and raise ValueTooLarge over MAX_VALUE_SIZE; otherwise they answer as jsonata-python does.

`$replace` is rewritten, not wrapped: jsonata-python slices the rest of the string at every match
of a literal pattern (quadratic) and applies a regular expression with a limit by replacing the
first match `limit` times over (a loop as long as the limit, re-matching replaced text). JSONata
replaces the first `limit` matches in one pass (https://docs.jsonata.org/string-functions#replace),
which is what this version does, in one linear pass.
"""

from __future__ import annotations

from typing import Any

import regex
from jsonata import jexception, utils
from jsonata.functions import Functions
from jsonata.jsonata import Jsonata

from flowdsl.run.bounds import MAX_VALUE_SIZE, ValueTooLarge
from flowdsl.run.text_size import json_size_exceeds


def _refuse(what: str) -> ValueTooLarge:
    return ValueTooLarge(f"{what} of more than {MAX_VALUE_SIZE:,} characters")


def refuse_large_text(value: Any, what: str) -> None:
    """ValueTooLarge when `value` written as JSON text would pass the bound."""
    if not isinstance(value, str) and json_size_exceeds(value, MAX_VALUE_SIZE):
        raise _refuse(what)


class _Bounded:
    @staticmethod
    def pad(string: Any, width: Any, char: Any) -> Any:
        if isinstance(width, int | float) and abs(width) > MAX_VALUE_SIZE:
            raise _refuse("$pad: a string")
        return Functions.pad(string, width, char)

    @staticmethod
    def join(strs: Any, separator: Any) -> Any:
        if isinstance(strs, list):
            size = sum(len(s) for s in strs if isinstance(s, str))
            size += len(separator or "") * max(len(strs) - 1, 0)
            if size > MAX_VALUE_SIZE:
                raise _refuse("$join: a string")
        return Functions.join(strs, separator)

    @staticmethod
    def string(arg: Any, prettify: Any) -> Any:
        refuse_large_text(arg, "$string: JSON text")
        return Functions.string(arg, prettify)

    @staticmethod
    def replace(string: Any, pattern: Any, replacement: Any, limit: Any) -> Any:
        if string is None:
            return None
        if string is utils.Utils.NULL_VALUE:
            raise jexception.JException("T0410", -1)
        if isinstance(pattern, str) and not pattern:
            raise jexception.JException(
                "Second argument of replace function cannot be an empty string", 0
            )
        if limit is not None and limit < 0:
            raise jexception.JException(
                "Fourth argument of replace function must evaluate to a positive number", 0
            )
        if isinstance(pattern, str):
            # A literal pattern cannot backtrack, so it needs no timeout.
            pattern = regex.compile(regex.escape(pattern))
        matches = pattern.finditer(string)
        parts: list[str] = []
        size = position = 0
        for count, match in enumerate(matches):
            if limit is not None and count >= limit:
                break
            piece = _replacement(match, replacement)
            parts += (string[position : match.start()], piece)
            size += match.start() - position + len(piece)
            position = match.end()
            if size > MAX_VALUE_SIZE:
                raise _refuse("$replace: a string")
        parts.append(string[position:])
        if size + len(string) - position > MAX_VALUE_SIZE:
            raise _refuse("$replace: a string")
        return "".join(parts)


def _replacement(match: Any, replacement: Any) -> str:
    """What one match becomes: a function's answer, or the text with `$0`, `$1`... filled."""
    if not isinstance(replacement, str):  # the signature admits a string or a function
        # JSONata's match object: the text, where it starts, and the capture groups.
        found = {"match": match.group(0), "index": match.start(), "groups": list(match.groups())}
        result = Functions.func_apply(replacement, [found])
        if not isinstance(result, str):
            raise jexception.JException("D3012", -1)
        return result
    text = replacement
    groups = match.groups()
    out: list[str] = []
    position = 0
    while position < len(text):
        index = text.find("$", position)
        if index == -1:
            out.append(text[position:])
            break
        out.append(text[position:index])
        position = index + 1
        following = text[position : position + 1]
        if following == "$":
            out.append("$")
            position += 1
        elif following == "0":
            out.append(match.group(0))
            position += 1
        else:
            # JSONata's rule: as many digits as the count of groups has, one fewer if that number
            # names no group; a group that did not take part is empty; no digit is a literal `$`.
            digits = len(str(len(groups))) if groups else 1
            number = _leading_digits(text[position : position + digits])
            if len(number) == digits > 1 and int(number) > len(groups):
                number = number[:-1]
            if number:
                group = int(number)
                if 0 < group <= len(groups):
                    out.append(groups[group - 1] or "")
                position += len(number)
            else:
                out.append("$")
    return "".join(out)


def _leading_digits(text: str) -> str:
    end = 0
    while end < len(text) and text[end] in "0123456789":
        end += 1
    return text[:end]


GUARDED_FUNCTIONS: dict[str, Any] = {
    "pad": Jsonata.function("pad", "<s-ns?:s>", _Bounded, "pad"),
    "join": Jsonata.function("join", "<a<s>s?:s>", _Bounded, "join"),
    "string": Jsonata.function("string", "<x-b?:s>", _Bounded, "string"),
    "replace": Jsonata.function("replace", "<s-(sf)(sf)n?:s>", _Bounded, "replace"),
}
