"""JSONata `{% ... %}` expressions: parse with jsonata-python and list the variables they read."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# JSONata 2.0.6 built-in functions plus the ones Step Functions adds; `$name(...)` with these names
# is a function call, not a workflow variable.
# https://docs.jsonata.org/overview.html and
# https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn
BUILTIN_FUNCTIONS = frozenset(
    """
    sum count max min average string substring substringBefore substringAfter lowercase uppercase
    length trim pad formatNumber formatBase formatInteger parseInteger number floor ceil round abs
    sqrt power random boolean not map zip filter single reduce sift keys lookup append exists
    spread merge reverse each error assert type sort shuffle distinct base64encode base64decode
    encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl eval toMillis fromMillis clone now
    millis split join match contains replace
    partition range hash uuid parse
    """.split()
)

# Most expressions in real definitions are plain paths (`$states.input.order.id`, `$total`);
# recognising them without the parser keeps validation fast (the parser costs ~0.5 ms a call).
_SIMPLE = re.compile(
    r"\s*(?:\$(?P<var>[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*"
    r"|-?\d+(?:\.\d+)?|true|false|null|\"[^\"\\]*\"|'[^'\\]*')\s*"
)


class JsonataSyntaxError(Exception):
    """The expression does not parse; the message says why and where."""


@lru_cache(maxsize=4096)
def expression_variables(expr: str) -> frozenset[str]:
    """Parse a JSONata expression (without the `{% %}`) and return the variables it reads.

    Names bound inside the expression (`$x := ...`, lambda parameters) and built-in functions are
    not workflow variables and are left out. Raises JsonataSyntaxError if it does not parse.
    """
    simple = _SIMPLE.fullmatch(expr)
    if simple:
        var = simple.group("var")
        return frozenset({var}) if var else frozenset()
    from jsonata import jexception, parser  # imported on first non-trivial expression

    if not expr.strip():
        raise JsonataSyntaxError("empty expression")
    try:
        ast = parser.Parser().parse(expr)
    except jexception.JException as exc:
        raise JsonataSyntaxError(_message(exc)) from None
    except RecursionError:
        raise JsonataSyntaxError("expression is nested too deeply") from None
    except Exception as exc:  # the port raises plain errors for some malformed input
        raise JsonataSyntaxError(str(exc) or type(exc).__name__) from None
    used: set[str] = set()
    bound: set[str] = set()
    _walk(ast, used, bound, set(), parser.Parser.Symbol)
    return frozenset(used - bound - BUILTIN_FUNCTIONS)


def _message(exc: Any) -> str:
    text = str(exc) or getattr(exc, "error", "") or "syntax error"
    position = getattr(exc, "location", None)
    code = getattr(exc, "error", None)
    suffix = f" (JSONata {code} at character {position})" if code and position is not None else ""
    return f"{text}{suffix}"


_SKIP = frozenset({"_outer_instance", "ancestor", "tuple", "_jsonata_lambda", "environment"})


def _walk(node: Any, used: set[str], bound: set[str], seen: set[int], symbol: type) -> None:
    if isinstance(node, list | tuple):
        for item in node:
            _walk(item, used, bound, seen, symbol)
        return
    if not isinstance(node, symbol) or id(node) in seen:
        return
    seen.add(id(node))
    kind = node.type
    if kind == "variable" and isinstance(node.value, str) and node.value not in ("", "$"):
        used.add(node.value)
    elif kind == "bind" and getattr(node.lhs, "type", None) == "variable":
        bound.add(node.lhs.value)
    elif kind == "lambda":
        for arg in node.arguments or ():
            if getattr(arg, "type", None) == "variable":
                bound.add(arg.value)
    for attr in ("focus", "index"):  # `@$item` and `#$i` bind names for the rest of a path
        name = getattr(node, attr, None)
        if isinstance(name, str) and name:
            bound.add(name)
    for key, value in vars(node).items():
        if key not in _SKIP and value is not None and not isinstance(value, str | int | float | bool):
            _walk(value, used, bound, seen, symbol)
