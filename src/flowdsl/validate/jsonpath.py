"""JSONPath, reference paths and intrinsic functions as Step Functions reads them.

Paths: https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html
(Jayway syntax; a reference path names one node: only `.name`, `['name']` and `[index]` steps).
Intrinsic functions: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Arity of each intrinsic function: (minimum, maximum or None for "any number").
INTRINSIC_ARITY: dict[str, tuple[int, int | None]] = {
    "States.Format": (1, None),
    "States.StringToJson": (1, 1),
    "States.JsonToString": (1, 1),
    "States.Array": (0, None),
    "States.ArrayPartition": (2, 2),
    "States.ArrayContains": (2, 2),
    "States.ArrayRange": (3, 3),
    "States.ArrayGetItem": (2, 2),
    "States.ArrayLength": (1, 1),
    "States.ArrayUnique": (1, 1),
    "States.Base64Encode": (1, 1),
    "States.Base64Decode": (1, 1),
    "States.Hash": (2, 2),
    "States.JsonMerge": (3, 3),
    "States.MathRandom": (2, 3),
    "States.MathAdd": (2, 2),
    "States.StringSplit": (2, 2),
    "States.UUID": (0, 0),
}
# What an argument must be, by position, where intrinsic-functions.html says: numbers for the math
# and range functions and indexes, strings for text, arrays for the array functions, objects and a
# boolean deep flag for JsonMerge. A literal (a string, number, boolean or null) is checked, and a
# nested call by what it returns (INTRINSIC_RESULT_KINDS); a path is only known at run time.
# None = any kind.
INTRINSIC_LITERAL_KINDS: dict[str, tuple[str | None, ...]] = {
    "States.Format": ("string",),
    "States.StringToJson": ("string",),
    "States.ArrayPartition": ("array", "integer"),
    "States.ArrayContains": ("array", None),
    "States.ArrayRange": ("integer", "integer", "integer"),
    "States.ArrayGetItem": ("array", "integer"),
    "States.ArrayLength": ("array",),
    "States.ArrayUnique": ("array",),
    "States.Base64Encode": ("string",),
    "States.Base64Decode": ("string",),
    "States.Hash": (None, "string"),
    "States.JsonMerge": ("object", "object", "boolean"),
    "States.MathRandom": ("integer", "integer", "integer"),
    "States.MathAdd": ("integer", "integer"),
    "States.StringSplit": ("string", "string"),
}
# What each intrinsic returns (intrinsic-functions.html); None where it depends on the data.
INTRINSIC_RESULT_KINDS: dict[str, str | None] = {
    "States.Format": "string",
    "States.StringToJson": None,
    "States.JsonToString": "string",
    "States.Array": "array",
    "States.ArrayPartition": "array",
    "States.ArrayContains": "boolean",
    "States.ArrayRange": "array",
    "States.ArrayGetItem": None,
    "States.ArrayLength": "integer",
    "States.ArrayUnique": "array",
    "States.Base64Encode": "string",
    "States.Base64Decode": "string",
    "States.Hash": "string",
    "States.JsonMerge": "object",
    "States.MathRandom": "integer",
    "States.MathAdd": "integer",
    "States.StringSplit": "array",
    "States.UUID": "string",
}
HASH_ALGORITHMS = frozenset({"MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"})

_VAR = re.compile(r"[^\W\d]\w*")
_DOT_NAME = re.compile(r"[^.\[\]\s()'\"]+")
_INT = re.compile(r"-?\d+")
_FUNC = re.compile(r"\.(length|min|max|avg|stddev|sum|keys|concat|append|first|last|index)\(\)")


class PathError(ValueError):
    """A path or intrinsic call that Step Functions would reject; the message says why."""

    def __init__(self, message: str, code: str = "ASL600") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class PathInfo:
    """What a valid path reads: the state input, the context object, or a variable (by name)."""

    root: str  # "input" | "context" | "variable"
    variable: str | None


def parse_path(text: str, *, reference: bool = False) -> PathInfo:
    """Check a Path (or, with reference=True, a ReferencePath); raise PathError if invalid."""
    code = "ASL601" if reference else "ASL600"
    kind = "reference path" if reference else "JSONPath"
    # Step Functions evaluates paths with Jayway JsonPath, whose compiler trims the path first
    # (an AWS sample deploys "$$.Execution.Name " with a trailing space).
    text = text.strip()
    if not text.startswith("$"):
        raise PathError(f"{kind} {text!r} must start with '$'", code)
    variable = None
    if text.startswith("$$"):
        root, i = "context", 2
    else:
        m = _VAR.match(text, 1)
        if m:
            root, variable, i = "variable", m.group(0), m.end()
        else:
            root, i = "input", 1
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == ".":
            if text.startswith("..", i):
                if reference:
                    raise PathError(f"reference path {text!r} may not use '..' (deep scan)", code)
                i += 2
                m = _DOT_NAME.match(text, i)
                if m:
                    i = m.end()
                elif text.startswith("*", i):
                    i += 1
                elif not text.startswith("[", i):
                    raise PathError(f"{kind} {text!r}: '..' must be followed by a name", code)
                continue
            f = _FUNC.match(text, i)
            if f and f.end() == n:
                if reference:
                    raise PathError(f"reference path {text!r} may not call {f.group(1)}()", code)
                i = f.end()
                continue
            if text.startswith(".*", i):
                if reference:
                    raise PathError(f"reference path {text!r} may not use '*'", code)
                i += 2
                continue
            if text.startswith(".[", i):
                # Jayway reads `$.[0]` and `$.Items.[0]` as `$[0]` and `$.Items[0]`; deployed
                # AWS samples use both spellings.
                i += 1
                continue
            m = _DOT_NAME.match(text, i + 1)
            if not m:
                raise PathError(
                    f"{kind} {text!r}: expected a name after '.' at character {i + 1}", code
                )
            i = m.end()
        elif ch == "[":
            i = _bracket(text, i, reference, kind, code)
        else:
            raise PathError(f"{kind} {text!r}: unexpected {ch!r} at character {i + 1}", code)
    return PathInfo(root, variable)


def _bracket(text: str, i: int, reference: bool, kind: str, code: str) -> int:
    """Parse one `[...]` step starting at `i`; return the index after its `]`."""
    close = _matching_bracket(text, i)
    if close < 0:
        raise PathError(f"{kind} {text!r}: '[' at character {i + 1} is never closed", code)
    inner = text[i + 1 : close].strip()
    simple = (
        len(inner) >= 2
        and inner[0] == inner[-1]
        and inner[0] in "'\""
        and inner[0] not in inner[1:-1]
    ) or (_INT.fullmatch(inner) is not None and not inner.startswith("-"))
    if simple:
        return close + 1
    if reference:
        raise PathError(
            f"reference path {text!r} may only use ['name'] or [index] steps, not [{inner}]", code
        )
    if inner == "*" or (inner.startswith("?(") and inner.endswith(")")):
        return close + 1
    if re.fullmatch(r"-?\d*\s*:\s*-?\d*(\s*:\s*-?\d+)?", inner) or re.fullmatch(
        r"-?\d+(\s*,\s*-?\d+)+", inner
    ):
        return close + 1
    if re.fullmatch(r"-\d+", inner):
        return close + 1
    if re.fullmatch(r"('[^']*'|\"[^\"]*\")(\s*,\s*('[^']*'|\"[^\"]*\"))+", inner):
        return close + 1
    raise PathError(f"{kind} {text!r}: [{inner}] is not a valid step", code)


def _matching_bracket(text: str, i: int) -> int:
    depth, quote = 0, ""
    for j in range(i, len(text)):
        ch = text[j]
        if quote:
            if ch == quote and text[j - 1] != "\\":
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
            if depth == 0:
                return j if ch == "]" else -1
    return -1


def is_intrinsic(text: str) -> bool:
    """Whether a `.$` value is an intrinsic function call rather than a path."""
    return text.startswith("States.")


def parse_intrinsic(text: str) -> list[PathInfo]:
    """Check an intrinsic function call; return the paths its arguments read."""
    parser = _IntrinsicParser(text)
    paths = parser.call()
    parser.skip_space()
    if parser.i != len(text):
        raise PathError(
            f"unexpected text after intrinsic function call: {text[parser.i :]!r}", "ASL602"
        )
    return paths


class _IntrinsicParser:
    """Recursive descent over `States.Name(arg, ...)`; args: literals, paths, nested calls."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def skip_space(self) -> None:
        while self.i < len(self.text) and self.text[self.i] == " ":
            self.i += 1

    def fail(self, message: str) -> PathError:
        return PathError(f"intrinsic function {self.text!r}: {message}", "ASL602")

    def call(self) -> list[PathInfo]:
        m = re.compile(r"States\.[A-Za-z0-9]+").match(self.text, self.i)
        if not m:
            raise self.fail(f"expected a States.* function name at character {self.i + 1}")
        name = m.group(0)
        self.i = m.end()
        if not self.text.startswith("(", self.i):
            raise self.fail(f"expected '(' after {name}")
        self.i += 1
        args: list[tuple[str, object]] = []
        paths: list[PathInfo] = []
        self.skip_space()
        if self.text.startswith(")", self.i):
            self.i += 1
        else:
            while True:
                self.skip_space()
                args.append(self.argument(paths))
                self.skip_space()
                if self.text.startswith(",", self.i):
                    self.i += 1
                    continue
                if self.text.startswith(")", self.i):
                    self.i += 1
                    break
                raise self.fail(f"expected ',' or ')' at character {self.i + 1}")
        _check_arity(name, args)
        return paths

    def argument(self, paths: list[PathInfo]) -> tuple[str, object]:
        text, i = self.text, self.i
        if text.startswith("'", i):
            j = i + 1
            while j < len(text) and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            if j >= len(text):
                raise self.fail("unterminated string literal")
            self.i = j + 1
            return ("string", text[i + 1 : j])  # raw, escapes kept: `\\{` is not a placeholder
        if text.startswith("States.", i):
            paths.extend(self.call())
            return ("call", text[i:].split("(", 1)[0])
        if text.startswith("$", i):
            j = i
            depth, quote = 0, ""
            while j < len(text):
                ch = text[j]
                if quote:
                    quote = "" if ch == quote else quote
                elif ch in "'\"":
                    quote = ch
                elif ch in "[(":
                    depth += 1
                elif ch in "])" and depth:
                    depth -= 1
                elif ch in ",)" and depth == 0:
                    break
                j += 1
            path = text[i:j].rstrip()
            paths.append(parse_path(path))
            self.i = j
            return ("path", path)
        m = re.compile(r"-?\d+(\.\d+)?|true|false|null").match(text, i)
        if m:
            self.i = m.end()
            return ("literal", m.group(0))
        raise self.fail(f"unexpected argument at character {i + 1}")


_ARTICLE = {
    "integer": "an integer",
    "string": "a string",
    "boolean": "a boolean",
    "array": "an array (a path or an intrinsic that makes one)",
    "object": "an object (a path or an intrinsic that makes one)",
}


def _literal_kind(kind: str, value: object) -> str:
    if kind == "string":
        return "string"
    text = str(value)
    if text in ("true", "false"):
        return "boolean"
    return "integer" if _INT.fullmatch(text) else "number" if text != "null" else "null"


def _check_arity(name: str, args: list[tuple[str, object]]) -> None:
    arity = INTRINSIC_ARITY.get(name)
    if arity is None:
        known = ", ".join(sorted(INTRINSIC_ARITY))
        raise PathError(f"unknown intrinsic function {name}; known: {known}", "ASL603")
    low, high = arity
    count = len(args)
    if count < low or (high is not None and count > high):
        want = (
            f"{low}" if low == high else (f"at least {low}" if high is None else f"{low} to {high}")
        )
        raise PathError(f"{name} takes {want} argument(s), got {count}", "ASL603")
    for position, ((kind, value), wanted) in enumerate(
        zip(args, INTRINSIC_LITERAL_KINDS.get(name, ()), strict=False)
    ):
        if wanted is None or kind == "path":
            continue
        if kind == "call":
            made = INTRINSIC_RESULT_KINDS.get(str(value))
            if made is not None and made != wanted:
                raise PathError(
                    f"argument {position + 1} of {name} must be {_ARTICLE[wanted]}, "
                    f"but {value} returns {_ARTICLE[made].split(' (')[0]}",
                    "ASL603",
                )
            continue
        if _literal_kind(kind, value) != wanted:
            shown = f"the string '{value}'" if kind == "string" else str(value)
            raise PathError(
                f"argument {position + 1} of {name} must be {_ARTICLE[wanted]}, not {shown}",
                "ASL603",
            )
    if name == "States.Format" and args[0][0] == "string":
        template = str(args[0][1])
        holes = len(re.findall(r"(?<!\\)\{\}", template))
        if holes != count - 1:
            raise PathError(
                f"States.Format template has {holes} '{{}}' placeholder(s) but {count - 1} value(s)",
                "ASL603",
            )
    if name == "States.Hash" and args[1][0] == "string" and args[1][1] not in HASH_ALGORITHMS:
        raise PathError(
            f"States.Hash algorithm must be one of {', '.join(sorted(HASH_ALGORITHMS))}", "ASL603"
        )
