"""JSONata `{% ... %}` expressions: parse with jsonata-python and list the variables they read."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from flowdsl.validate.jsonata_subset import subset_variables

# JSONata 2.0.6 built-in functions plus the ones Step Functions adds; `$name(...)` with these names
# is a function call, not a workflow variable.
# https://docs.jsonata.org/overview.html and
# https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn
BUILTIN_FUNCTIONS = frozenset(
    [
        "sum",
        "count",
        "max",
        "min",
        "average",
        "string",
        "substring",
        "substringBefore",
        "substringAfter",
        "lowercase",
        "uppercase",
        "length",
        "trim",
        "pad",
        "formatNumber",
        "formatBase",
        "formatInteger",
        "parseInteger",
        "number",
        "floor",
        "ceil",
        "round",
        "abs",
        "sqrt",
        "power",
        "random",
        "boolean",
        "not",
        "map",
        "zip",
        "filter",
        "single",
        "reduce",
        "sift",
        "keys",
        "lookup",
        "append",
        "exists",
        "spread",
        "merge",
        "reverse",
        "each",
        "error",
        "assert",
        "type",
        "sort",
        "shuffle",
        "distinct",
        "base64encode",
        "base64decode",
        "encodeUrlComponent",
        "encodeUrl",
        "decodeUrlComponent",
        "decodeUrl",
        "eval",
        "toMillis",
        "fromMillis",
        "clone",
        "now",
        "millis",
        "split",
        "join",
        "match",
        "contains",
        "replace",
        "partition",
        "range",
        "hash",
        "uuid",
        "parse",
    ]
)

# Most expressions in real definitions are paths, literals, and simple comparisons or arithmetic
# on them (`$states.input.order.id`, `$total > 100 and $ok`); recognising those without the parser
# keeps validation fast (a parse costs ~0.2 ms). Anything else goes to the real parser.
_OPERAND = re.compile(
    r"\s*(?:\$(?P<var>[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:0|[1-9]\d*)\])*"
    r"|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
    r"|-?(?:0|[1-9]\d*)(?:\.\d+)?|\"[^\"\\]*\"|'[^'\\]*')\s*"
)
_OPERATOR = re.compile(r"(?:!=|<=|>=|[-+*/%&=<>])|(?<=\s)(?:and|or|in)(?=\s)")
_KEYWORDS = frozenset({"and", "or", "in", "true", "false", "null", "function"})


def _simple_variables(expr: str) -> frozenset[str] | None:
    """The variables of an operand (operator operand)* expression, or None if it is not one."""
    found: set[str] = set()
    i, n, want_operand = 0, len(expr), True
    while True:
        if want_operand:
            m = _OPERAND.match(expr, i)
            if not m or m.end() == i:
                return None
            token = m.group(0).strip()
            if token in _KEYWORDS - {"true", "false", "null"}:
                return None
            # JSONata forbids literals as path steps (`a.true`, `$x.null`, `true.a`).
            steps = token.lstrip("$").split(".")
            if len(steps) > 1 and any(step in ("true", "false", "null") for step in steps):
                return None
            if m.group("var"):
                found.add(m.group("var"))
            i = m.end()
            if i == n:
                return frozenset(found)
        else:
            m = _OPERATOR.match(expr, i)
            if not m:
                return None
            i = m.end()
        want_operand = not want_operand


_parser: Any = None


class JsonataSyntaxError(Exception):
    """The expression does not parse; the message says why and where."""


@lru_cache(maxsize=4096)
def expression_variables(expr: str) -> frozenset[str]:
    """Parse a JSONata expression (without the `{% %}`) and return the variables it reads.

    Names bound inside the expression (`$x := ...`, lambda parameters) and built-in functions are
    not workflow variables and are left out. Raises JsonataSyntaxError if it does not parse.
    """
    simple = _simple_variables(expr)
    if simple is not None:
        return simple
    subset = subset_variables(expr)
    if subset is not None:
        used_names, bound_names = subset
        return frozenset(used_names - bound_names - BUILTIN_FUNCTIONS)
    from jsonata import jexception, parser  # imported on first non-trivial expression

    if not expr.strip():
        raise JsonataSyntaxError("empty expression")
    global _parser
    if _parser is None:
        _parser = parser.Parser()  # building one costs more than a parse: reuse it
    try:
        ast = _parser.parse(expr)
    except Exception as exc:
        _parser = None  # start from a fresh parser after any failure
        if isinstance(exc, jexception.JException):
            raise JsonataSyntaxError(_message(exc)) from None
        if isinstance(exc, RecursionError):
            raise JsonataSyntaxError("expression is nested too deeply") from None
        # the port raises plain errors for some malformed input
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


def _walk(node: Any, used: set[str], bound: set[str], seen: set[int], symbol: Any) -> None:
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
        if (
            key not in _SKIP
            and value is not None
            and not isinstance(value, str | int | float | bool)
        ):
            _walk(value, used, bound, seen, symbol)
