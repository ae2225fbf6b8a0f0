"""Typed expressions for generated workflows: every one is valid Python and valid flowdsl.

Values have a type (int, str, bool, lists of int/str, a {"v": int, "s": str} record, or an
opaque JSON value that is only ever returned), so no expression can raise in Python; indexes are
guarded by len(), divisors are non-zero constants, and products keep a small constant factor.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

INT, STR, BOOL, LINT, LSTR, REC, JSON = "int", "str", "bool", "lint", "lstr", "rec", "json"
ELEMENT = {LINT: INT, LSTR: STR}
LIST_OF = {INT: LINT, STR: LSTR}
# Fields of the workflow input, and their types (see `inputs`).
INPUT_FIELDS = {"n": INT, "s": STR, "xs": LINT, "ws": LSTR, "flag": BOOL, "r": REC}
STRINGS = ["", "a", "bc", "x y", "Z-9", "a-b", " p "]
LIST_INPUT = {LINT: 'inp["xs"]', LSTR: 'inp["ws"]'}
# Variable names that are also JSONata functions ($count, $string, ...), used once each.
JSONATA_NAMES = [
    "count",
    "string",
    "length",
    "number",
    "boolean",
    "exists",
    "lookup",
    "append",
    "keys",
    "join",
    "split",
    "uppercase",
    "substring",
    "floor",
    "power",
    "sort",
]
PREFIX = {INT: "n", STR: "s", BOOL: "b", LINT: "li", LSTR: "ls", REC: "r", JSON: "j"}


@dataclass
class Expressions:
    """Draws expressions; `draw` is hypothesis's, `avoid` the features not to generate."""

    draw: Callable[[Any], Any]
    avoid: frozenset[str]
    names: int = 0
    used: set[str] = field(default_factory=set)
    in_branch: int = 0  # generating inside a Parallel branch (a function or a try body)

    # -- helpers ---------------------------------------------------------------------------

    def pick(self, options: list[Any]) -> Any:
        return options[self.draw(st.integers(0, len(options) - 1))]

    def chance(self, weight: int = 1, outof: int = 4) -> bool:
        return self.draw(st.integers(0, outof - 1)) < weight

    def fresh(self, type_: str) -> str:
        self.names += 1
        if self.names < 3 * len(JSONATA_NAMES) and self.chance(1, 10):
            taken = JSONATA_NAMES[self.names % len(JSONATA_NAMES)]
            if taken not in self.used:
                self.used.add(taken)
                return taken
        return f"{PREFIX[type_]}{self.names}"

    def has(self, feature: str) -> bool:
        return feature not in self.avoid

    def vars_of(self, env: dict[str, str], type_: str) -> list[str]:
        return [name for name, t in env.items() if t == type_]

    # -- expressions -----------------------------------------------------------------------

    def expr(self, type_: str, env: dict[str, str], depth: int = 2) -> str:
        leaves = self.leaves(type_, env)
        if depth <= 0 or self.chance(1, 3):
            return self.pick(leaves)
        makers = getattr(self, f"compound_{type_}")(env, depth - 1)
        return self.pick([lambda: self.pick(leaves), *makers])()

    def leaves(self, type_: str, env: dict[str, str]) -> list[str]:
        found = list(self.vars_of(env, type_))
        found += [f'inp["{k}"]' for k, t in INPUT_FIELDS.items() if t == type_]
        if type_ == INT:
            found += [str(self.draw(st.integers(-5, 20)))]
            found += [f'{r}["v"]' for r in self.vars_of(env, REC)]
        elif type_ == STR:
            found += [json.dumps(self.pick(STRINGS))]
            found += [f'{r}["s"]' for r in self.vars_of(env, REC)]
        elif type_ == BOOL:
            found += [self.pick(["True", "False"])]
        elif type_ in (LINT, LSTR):
            element = ELEMENT[type_]
            count = self.draw(st.integers(0, 3))
            found += ["[" + ", ".join(self.literal(element) for _ in range(count)) + "]"]
        elif type_ == REC:
            found += [f'{{"v": {self.literal(INT)}, "s": {self.literal(STR)}}}']
        return found

    def literal(self, type_: str) -> str:
        if type_ == INT:
            return str(self.draw(st.integers(-5, 20)))
        return json.dumps(self.pick(STRINGS))

    def compound_int(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        e = self.expr
        makers: list[Callable[[], str]] = [
            lambda: f"({e(INT, env, d)} {self.pick(['+', '-'])} {e(INT, env, d)})",
            # One factor a small literal keeps numbers far below 2**53.
            lambda: f"({e(INT, env, d)} * {self.draw(st.integers(-3, 3))})",
            lambda: f"({e(INT, env, d)} {self.pick(['//', '%'])} {self.nonzero()})",
            lambda: f"-{e(INT, env, d)}",
            lambda: f"len({e(self.pick([LINT, LSTR, STR]), env, d)})",
            lambda: f"abs({e(INT, env, d)})",
            lambda: f"{self.pick(['min', 'max'])}({e(INT, env, d)}, {e(INT, env, d)})",
            lambda: f"sum({e(LINT, env, d)})",
            lambda: self.guarded_index(LINT, env, d),
            lambda: f"({e(INT, env, d)} if {e(BOOL, env, d)} else {e(INT, env, d)})",
            lambda: f"int(str({e(INT, env, d)}))",
            lambda: f"{self.draw(st.integers(-3, 3))} ** {self.draw(st.integers(0, 3))}",
            lambda: f"round({e(INT, env, d)})",
            lambda: f"len({e(REC, env, d)})",
            lambda: f'{e(REC, env, d)}.get("{self.pick(["v", "w"])}", {e(INT, env, d)})',
        ]
        if self.has("boolop_value"):
            makers.append(lambda: f"({e(INT, env, d)} {self.pick(['or', 'and'])} {e(INT, env, d)})")
        if self.has("truthy_list"):
            makers.append(lambda: f"({e(INT, env, d)} if {e(LINT, env, d)} else 0)")
        return makers

    def nonzero(self) -> str:
        return str(self.pick([2, 3, 5, -2, -3, 1]))

    def guarded_index(self, list_type: str, env: dict[str, str], d: int) -> str:
        items = self.expr(list_type, env, d)
        k = self.draw(st.integers(-2, 2))
        need = k + 1 if k >= 0 else -k
        default = self.literal(ELEMENT.get(list_type, STR))
        return f"({items}[{k}] if len({items}) >= {need} else {default})"

    def compound_str(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        e = self.expr
        makers: list[Callable[[], str]] = [
            lambda: f"({e(STR, env, d)} + {e(STR, env, d)})",
            lambda: self.fstring(env, d),
            lambda: f"str({e(self.pick([INT, BOOL]), env, d)})",
            lambda: (
                f"{e(STR, env, d)}.{self.pick(['upper', 'lower', 'strip', 'lstrip', 'rstrip'])}()"
            ),
            lambda: f'{e(STR, env, d)}.replace("a", "q")',
            lambda: f'"-".join({e(LSTR, env, d)})',
            lambda: f"{e(STR, env, d)}[{self.slice_bounds()}]",
            lambda: f"({e(STR, env, d)} if {e(BOOL, env, d)} else {e(STR, env, d)})",
            lambda: self.guarded_index(LSTR, env, d),
        ]
        if self.has("boolop_value"):
            makers.append(lambda: f"({e(STR, env, d)} {self.pick(['or', 'and'])} {e(STR, env, d)})")
        if self.has("str_index"):
            makers.append(lambda: self.guarded_index(STR, env, d))
        if self.has("minmax_str"):
            makers.append(
                lambda: f"{self.pick(['min', 'max'])}({e(STR, env, d)}, {e(STR, env, d)})"
            )
        if self.has("str_of_list"):
            makers.append(lambda: f"str({e(self.pick([LINT, LSTR]), env, d)})")
        # Compact JSON text, which is what Step Functions writes.
        makers.append(
            lambda: (
                f"json.dumps({e(self.pick([INT, STR, BOOL, LINT, LSTR, REC]), env, d)}, "
                'separators=(",", ":"))'
            )
        )
        return makers

    def slice_bounds(self) -> str:
        lo = self.pick(["", "1", "-1", "0"])
        hi = self.pick(["", "2", "-1"])
        return f"{lo}:{hi}"

    def fstring(self, env: dict[str, str], d: int) -> str:
        parts = []
        for _ in range(self.draw(st.integers(1, 3))):
            parts.append(self.pick(["", "v", " / "]))
            # Leaves only: a nested f-string would need a third kind of quote.
            parts.append("{" + self.expr(self.pick([INT, STR, BOOL]), env, 0) + "}")
        # Expressions inside an f-string are parsed on their own: inner quotes must differ.
        body = "".join(parts).replace('"', "'")
        return f'f"{body}"'

    def compound_bool(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        e = self.expr
        compare = ["<", "<=", "==", "!=", ">", ">="]
        makers: list[Callable[[], str]] = [
            lambda: f"({e(INT, env, d)} {self.pick(compare)} {e(INT, env, d)})",
            lambda: f"({e(INT, env, d)} < {e(INT, env, d)} <= {e(INT, env, d)})",
            lambda: f"({e(STR, env, d)} {self.pick(['==', '!=', '<'])} {e(STR, env, d)})",
            lambda: f"({e(BOOL, env, d)} {self.pick(['and', 'or'])} {e(BOOL, env, d)})",
            lambda: f"(not {e(BOOL, env, d)})",
            lambda: f"({e(INT, env, d)} {self.pick(['in', 'not in'])} {e(LINT, env, d)})",
            lambda: f"({e(STR, env, d)} {self.pick(['in', 'not in'])} {e(STR, env, d)})",
            lambda: f"({e(STR, env, d)} in {e(LSTR, env, d)})",
            lambda: f'("{self.pick(["v", "s", "w"])}" in {e(REC, env, d)})',
            lambda: f"({e(LINT, env, d)} == {e(LINT, env, d)})",
            lambda: f'{e(STR, env, d)}.{self.pick(["startswith", "endswith"])}("a")',
            lambda: f"(not {e(self.pick([INT, STR]), env, d)})",
            lambda: f"bool({e(INT, env, d)})",
            lambda: self.quantifier(env, d),
            lambda: (
                f'({e(REC, env, d)}.get("{self.pick(["v", "w"])}") is {self.pick(["", "not "])}None)'
            ),
            lambda: f"({e(BOOL, env, d)} {self.pick(['==', '!='])} {e(BOOL, env, d)})",
            lambda: f"({e(STR, env, d)} {self.pick(['<=', '>', '>='])} {e(STR, env, d)})",
            # isinstance: JSON types (float is left out: JSON's 3 is also 3.0, see README).
            lambda: (
                f"isinstance({e(self.pick([INT, STR, BOOL, LINT, REC]), env, d)}, "
                f"{self.pick(['str', 'int', 'bool', 'list', 'dict', '(int, str)', '(list, dict)'])})"
            ),
        ]
        if self.has("truthy_list"):
            makers.append(lambda: f"(not {e(LINT, env, d)})")
            makers.append(lambda: f"bool({e(LSTR, env, d)})")
        return makers

    def quantifier(self, env: dict[str, str], d: int) -> str:
        var = self.fresh(INT)
        test = self.expr(BOOL, {**env, var: INT}, d)
        return f"{self.pick(['any', 'all'])}([{test} for {var} in {self.expr(LINT, env, d)}])"

    def comprehension(self, list_type: str, env: dict[str, str], d: int) -> str:
        source_type = self.pick([LINT, LSTR])
        var = self.fresh(ELEMENT[source_type])
        same = self.vars_of(env, ELEMENT[source_type])
        if self.in_branch and not self.has("comp_shadow_in_branch"):
            same = []
        if same and self.chance(1, 4):
            var = self.pick(same)  # shadows a workflow variable only inside the comprehension
        inner = {**env, var: ELEMENT[source_type]}
        element = self.expr(ELEMENT[list_type], inner, d)
        condition = f" if {self.expr(BOOL, inner, d)}" if self.chance(1, 2) else ""
        return f"[{element} for {var} in {self.expr(source_type, env, d)}{condition}]"

    def compound_lint(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        return self.list_makers(LINT, env, d)

    def compound_lstr(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        makers = self.list_makers(LSTR, env, d)
        makers.append(lambda: f'{self.expr(STR, env, d)}.split("-")')
        makers.append(lambda: f"{self.expr(STR, env, d)}.split()")
        # sorted: JSON objects have no key order to agree on.
        makers.append(lambda: f"sorted({self.expr(REC, env, d)}.keys())")
        if self.has("list_call"):
            makers.append(lambda: f"list({self.expr(REC, env, d)}.keys())")
        return makers

    def list_makers(self, type_: str, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        e = self.expr
        element = ELEMENT[type_]
        makers: list[Callable[[], str]] = [
            lambda: (
                "["
                + ", ".join(e(element, env, d) for _ in range(self.draw(st.integers(1, 3))))
                + "]"
            ),
            lambda: f"({e(type_, env, d)} + {e(type_, env, d)})",
            lambda: self.comprehension(type_, env, d),
            lambda: f"{e(type_, env, d)}[{self.slice_bounds()}]",
            lambda: f"sorted({e(type_, env, d)})",
            # list() of a variable; of a display it exposes test_list_of_a_list_display.
            lambda: f"list({self.pick(self.vars_of(env, type_) or [LIST_INPUT[type_]])})",
            lambda: f"({e(type_, env, d)} if {e(BOOL, env, d)} else {e(type_, env, d)})",
        ]
        if self.has("list_call"):
            makers.append(lambda: f"list({e(type_, env, d)})")
        return makers

    def compound_rec(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        e = self.expr
        return [
            lambda: f'{{"v": {e(INT, env, d)}, "s": {e(STR, env, d)}}}',
            lambda: f'{{**{e(REC, env, d)}, "s": {e(STR, env, d)}}}',
            lambda: f'({e(REC, env, d)} | {{"v": {e(INT, env, d)}}})',
            lambda: f"json.loads(json.dumps({e(REC, env, d)}))",
        ]

    def compound_json(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        return []

    def json_value(self, env: dict[str, str], d: int) -> str:
        """A value of no generated type, only ever returned: nested lists and the like."""
        options = [lambda: f"[{self.expr(LINT, env, d)}, {self.expr(LSTR, env, d)}]"]
        if self.has("nested_list"):
            options.append(
                lambda: (lambda v: f"[[{v}, {v}] for {v} in {self.expr(LINT, env, d)}]")(
                    self.fresh(INT)
                )
            )
        return self.pick(options)()

    def condition(self, env: dict[str, str]) -> str:
        if self.chance(1, 5):
            # Truthiness of a non-boolean value as the test.
            kinds = [INT, STR] + ([LINT] if self.has("truthy_list") else [])
            return self.expr(self.pick(kinds), env, 1)
        return self.test(env, 2)

    def test(self, env: dict[str, str], depth: int) -> str:
        """A boolean expression used as the test of an if, a while or a conditional raise."""
        return self.expr(BOOL, env, depth)

    def items(self, list_type: str, env: dict[str, str]) -> str:
        """What a for loop or a service comprehension iterates over."""
        return self.expr(list_type, env, 1)
