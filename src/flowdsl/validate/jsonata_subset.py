"""A fast recogniser for the common subset of JSONata; everything else goes to jsonata-python.

Parsing with jsonata-python costs ~0.2 ms an expression, which dominates validation of JSONata
definitions. Expressions made only of paths, literals, operators, function calls, lambdas, conditionals,
blocks with `:=` bindings, and array/object constructors are recognised here in a few
microseconds. The recogniser is conservative: it accepts only text that is valid JSONata and
returns None for anything it is not sure of (signatures, regexes, transforms, sorting, `~>`, ...),
which the real parser then decides. The grammar follows https://docs.jsonata.org (2.0).
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)
    | (?P<str>"(?:[^"\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|'(?:[^'\\]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*')
    | (?P<var>\$[A-Za-z_][A-Za-z0-9_]*|\$\$|\$)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*|`[^`]+`)
    | (?P<op>:=|!=|<=|>=|[-+*/%&=<>?:;,.()\[\]{}])
    )""",
    re.VERBOSE,
)
# Characters that end a JSONata name (operators and whitespace); any other character would
# continue it in JSONata's tokenizer.
_NAME_ENDS = frozenset(".[]{}(),:;?+-*/%&=<>!~^|@#\"' \t\n\r")
_KEYWORD_OPERATORS = frozenset({"and", "or", "in"})
_LITERAL_NAMES = frozenset({"true", "false", "null"})
# Binary operators and their precedence (higher binds tighter), as in JSONata's parser.
_PRECEDENCE = {
    "or": 1,
    "and": 2,
    **dict.fromkeys(("=", "!=", "<", "<=", ">", ">=", "in"), 3),
    "&": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}


class _Unsure(Exception):
    """The text is outside the subset: let the real parser decide."""


def subset_variables(expr: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """(variables read, variables bound) if `expr` is in the subset, else None."""
    tokens = _tokenize(expr)
    if tokens is None:
        return None
    parser = _Parser(tokens)
    try:
        parser.expression()
        if parser.i != len(tokens):
            return None
    except _Unsure:
        return None
    return frozenset(parser.used), frozenset(parser.bound)


def _tokenize(expr: str) -> list[tuple[str, str]] | None:
    tokens: list[tuple[str, str]] = []
    i, n = 0, len(expr)
    while i < n:
        m = _TOKEN.match(expr, i)
        if not m or m.end() == i:
            if expr[i:].strip() == "":
                break
            return None
        kind = m.lastgroup or ""
        text = m.group(kind)
        if kind in ("name", "var") and m.end() < n and expr[m.end()] not in _NAME_ENDS:
            return None  # JSONata names run on (`$a$b` is one variable): not ours to split
        if kind == "name" and text in _KEYWORD_OPERATORS:
            kind = "op"
        tokens.append((kind, text))
        i = m.end()
    return tokens or None


class _Parser:
    """Recursive descent over the subset; records variables read and bound."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0
        self.used: set[str] = set()
        self.bound: set[str] = set()
        self.depth = 0
        self.expression_start = 0  # index of the first token of the innermost expression

    def peek(self) -> str | None:
        return self.tokens[self.i][1] if self.i < len(self.tokens) else None

    def take(self, text: str) -> None:
        if self.peek() != text:
            raise _Unsure
        self.i += 1

    def expression(self) -> None:
        self.depth += 1
        if self.depth > 50:
            raise _Unsure
        outer, self.expression_start = self.expression_start, self.i
        self.binary(1)
        self.expression_start = outer
        if self.peek() == "?":
            self.i += 1
            self.expression()
            if self.peek() == ":":
                self.i += 1
                self.expression()
        self.depth -= 1

    def binary(self, min_precedence: int) -> None:
        """Precedence climbing: one call per operand instead of one per precedence level."""
        self.unary()
        while True:
            if self.i >= len(self.tokens):
                return
            kind, text = self.tokens[self.i]
            precedence = _PRECEDENCE.get(text) if kind == "op" else None
            if precedence is None or precedence < min_precedence:
                return
            self.i += 1
            self.binary(precedence + 1)

    def unary(self) -> None:
        if self.peek() == "-":
            self.i += 1
            self.unary()
            return
        start = self.i
        self.primary()
        # JSONata forbids literals (numbers, true, false, null) as path steps.
        literal = self.i == start + 1 and (
            self.tokens[start][0] == "num" or self.tokens[start][1] in _LITERAL_NAMES
        )
        while True:
            token = self.peek()
            if literal and token in (".", "["):
                raise _Unsure
            if token == ".":
                self.i += 1
                self.step()
            elif token == "[":
                self.i += 1
                if self.peek() == "]":
                    raise _Unsure  # `a[]` keeps singleton arrays; rare, let the parser judge
                self.expression()
                self.take("]")
            else:
                return

    def step(self) -> None:
        kind, text = self.tokens[self.i] if self.i < len(self.tokens) else ("", "")
        if text in _LITERAL_NAMES:
            raise _Unsure  # `a.true` is not a path
        if kind in ("name", "var", "str") or text in ("(", "{", "*"):
            if text == "*":
                self.i += 1
                return
            self.primary()
            return
        raise _Unsure

    def primary(self) -> None:
        if self.i >= len(self.tokens):
            raise _Unsure
        kind, text = self.tokens[self.i]
        self.i += 1
        if kind in ("num", "str"):
            return
        if kind == "name":
            if text == "function" and self.peek() == "(":
                self.lambda_tail()
            return
        if kind == "var":
            if self.peek() == "(":
                self.i += 1
                self.arguments(")")
                if text not in ("$", "$$"):
                    self.used.add(text[1:])
            elif self.peek() == ":=":
                # Only a whole expression may be a binding: `- $v := 1` and `1 + $v := 1` bind
                # the operator's result, which JSONata rejects.
                if text in ("$", "$$") or self.i - 1 != self.expression_start:
                    raise _Unsure
                self.i += 1
                self.bound.add(text[1:])
                self.expression()
            elif text not in ("$", "$$"):
                self.used.add(text[1:])
            return
        if text == "(":
            if self.peek() == ")":
                self.i += 1
                return
            self.expression()
            while self.peek() == ";":
                self.i += 1
                if self.peek() == ")":
                    break
                self.expression()
            self.take(")")
            return
        if text == "[":
            self.arguments("]")
            return
        if text == "{":
            if self.peek() == "}":
                self.i += 1
                return
            while True:
                self.expression()
                self.take(":")
                self.expression()
                if self.peek() == ",":
                    self.i += 1
                    continue
                self.take("}")
                return
        raise _Unsure

    def lambda_tail(self) -> None:
        """`function($a, $b) { body }` (no type signature); parameters are bound names."""
        self.take("(")
        while self.peek() != ")":
            kind, text = self.tokens[self.i] if self.i < len(self.tokens) else ("", "")
            if kind != "var" or text in ("$", "$$"):
                raise _Unsure
            self.bound.add(text[1:])
            self.i += 1
            if self.peek() == ",":
                self.i += 1
                if self.peek() == ")":
                    raise _Unsure
        self.take(")")
        self.take("{")
        self.expression()
        self.take("}")

    def arguments(self, close: str) -> None:
        if self.peek() == close:
            self.i += 1
            return
        while True:
            self.expression()
            if self.peek() == ",":
                self.i += 1
                continue
            self.take(close)
            return
