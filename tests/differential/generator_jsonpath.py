"""The generator restricted to what a JSONPath workflow can say (paths and intrinsic functions).

Same statements as `Gen`, but expressions are the ones flowdsl's JSONPath dialect maps onto
reference paths, intrinsics (States.MathAdd, States.Format, States.Array, States.ArrayLength,
States.StringSplit, States.StringToJson) and Choice rules; anything else is rightly a compile
error there (FD180, naming JSONata). Two documented approximations of that dialect are left out:
`str()`/f-strings of booleans (States.Format writes true/false) and the truthiness of a dict.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import strategies as st

from tests.differential.expressions import (
    BOOL,
    ELEMENT,
    INPUT_FIELDS,
    INT,
    LINT,
    LIST_INPUT,
    LSTR,
    REC,
    STR,
    STRINGS,
)
from tests.differential.generator import KNOWN_BUGS, Block, Ctx, Gen
from tests.differential.runtime import ERROR_CLASSES

# A for loop appending to an outer list joins the iterations' lists: no intrinsic does (FD180).
JSONPATH_KNOWN_BUGS = KNOWN_BUGS | {"appending_loop"}


class JsonPathGen(Gen):
    """Programs for `@workflow(query_language="JSONPath")`."""

    decorator = '@workflow(query_language="JSONPath")'

    # -- values ----------------------------------------------------------------------------

    def paths(self, type_: str, env: dict[str, str]) -> list[str]:
        """Values a reference path can name: variables, input fields, fields of records."""
        found = list(self.vars_of(env, type_))
        found += [f'inp["{k}"]' for k, t in INPUT_FIELDS.items() if t == type_]
        if type_ in (INT, STR):
            key = "v" if type_ == INT else "s"
            found += [f'{r}["{key}"]' for r in [*self.vars_of(env, REC), 'inp["r"]']]
        return found

    def expr(self, type_: str, env: dict[str, str], depth: int = 2) -> str:
        leaves = [*self.paths(type_, env), self.constant(type_)]
        if depth <= 0 or self.chance(1, 3):
            return self.pick(leaves)
        d = depth - 1
        makers: list[Callable[[], str]] = [lambda: self.pick(leaves)]
        if type_ == INT:
            small = lambda: str(self.draw(st.integers(-3, 9)))  # noqa: E731
            makers += [
                lambda: f"({self.expr(INT, env, d)} + {small()})",  # States.MathAdd
                lambda: f"({small()} + {self.expr(INT, env, d)})",
                lambda: f"({self.expr(INT, env, d)} - {small()})",
                lambda: f"len({self.pick(self.paths(self.pick([LINT, LSTR]), env))})",
            ]
        elif type_ == STR:
            makers += [
                lambda: self.json_text(env),
                lambda: f"str({self.expr(self.pick([INT, STR]), env, d)})",  # States.Format
                lambda: f"({self.expr(STR, env, d)} + {self.constant(STR)})",
                lambda: self.format_string(env),
            ]
        elif type_ in (LINT, LSTR):
            element = ELEMENT[type_]
            makers.append(  # States.Array
                lambda: "[" + ", ".join(self.expr(element, env, d) for _ in range(2)) + "]"
            )
            if type_ == LSTR and self.has("split"):
                # str.split(sep) keeps empty parts, which States.StringSplit cannot (FD180).
                makers.append(lambda: f"{self.expr(STR, env, d)}.split()")
        elif type_ == REC:
            makers.append(  # States.StringToJson(States.Format(...))
                lambda: f'{{"v": {self.expr(INT, env, d)}, "s": {self.expr(STR, env, d)}}}'
            )
            record = lambda: self.pick(self.paths(REC, env))  # noqa: E731
            makers += [  # States.JsonMerge; States.StringToJson(States.JsonToString(...))
                lambda: f'{{**{record()}, "s": {self.expr(STR, env, d)}}}',
                lambda: f'({record()} | {{"v": {self.expr(INT, env, d)}}})',
                lambda: f"json.loads(json.dumps({record()}))",
            ]
        return self.pick(makers)()

    def constant(self, type_: str) -> str:
        if type_ == INT:
            return str(self.draw(st.integers(-5, 20)))
        if type_ == STR:
            # States.Format templates escape ' { } \ ; a plain alphabet keeps the test on paths.
            return json.dumps(self.pick(STRINGS))
        if type_ == BOOL:
            return self.pick(["True", "False"])
        if type_ in (LINT, LSTR):
            return "[" + ", ".join(self.constant(ELEMENT[type_]) for _ in range(2)) + "]"
        return f'{{"v": {self.constant(INT)}, "s": {self.constant(STR)}}}'

    def format_string(self, env: dict[str, str]) -> str:
        parts = []
        for _ in range(self.draw(st.integers(1, 3))):
            parts.append(self.pick(["", "v", " / "]))
            parts.append("{" + self.pick(self.paths(self.pick([INT, STR]), env)) + "}")
        return 'f"' + "".join(parts).replace('"', "'") + '"'

    def json_value(self, env: dict[str, str], d: int) -> str:
        return f"[{self.expr(LINT, env, d)}, {self.expr(LSTR, env, d)}]"

    def items(self, list_type: str, env: dict[str, str]) -> str:
        return self.pick(self.paths(list_type, env) or [LIST_INPUT[list_type]])

    def error_field(self, caught_as: str) -> str:
        return f'{caught_as}["Error"]'  # `or` is no JSONPath value, and a Cause may be absent

    # -- conditions (Choice rules) ---------------------------------------------------------

    def condition(self, env: dict[str, str]) -> str:
        if self.chance(1, 5):
            # Truthiness of a path (a dict's is approximated by the dialect: left out).
            kinds = [INT, STR, LINT] + ([BOOL] if self.has("bool_var_test") else [])
            return self.pick(self.paths(self.pick(kinds), env))
        return self.test(env, 2)

    def test(self, env: dict[str, str], depth: int) -> str:
        if depth <= 0 or self.chance(1, 3):
            return self.comparison(env)
        d = depth - 1
        return self.pick(
            [
                lambda: self.comparison(env),
                lambda: f"({self.test(env, d)} {self.pick(['and', 'or'])} {self.test(env, d)})",
                lambda: f"(not {self.test(env, d)})",
            ]
        )()

    def comparison(self, env: dict[str, str]) -> str:
        type_ = self.pick([INT, INT, STR, BOOL])
        left = self.pick(self.paths(type_, env))
        kind = self.draw(st.integers(0, 5))
        if type_ == BOOL:
            bare = kind >= 3 and self.has("bool_var_test")
            return left if bare else f"({left} == {self.constant(BOOL)})"
        if kind == 0:
            return f"({left} {self.pick(['==', '!='])} {self.pick(self.paths(type_, env))})"
        if kind == 1 and type_ == INT:
            return f"({left} in [{self.constant(INT)}, {self.constant(INT)}])"
        if kind == 1:
            return f'{left}.{self.pick(["startswith", "endswith"])}("a")'
        if kind == 2:
            return f"({left} is {self.pick(['', 'not '])}None)"
        if kind == 3 and self.chance(1, 2):  # IsString / IsNumeric (+ IsBoolean) / IsNull
            kinds = ["str", "bool", "(int, float)", "(str, type(None))"]
            return f"isinstance({left}, {self.pick(kinds)})"
        ops = ["<", "<=", ">", ">=", "==", "!="]
        return f"({left} {self.pick(ops)} {self.constant(type_)})"

    # -- statements ------------------------------------------------------------------------

    def aug_assign(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        type_ = self.pick([INT, STR])
        reusable = [v for v in self.vars_of(env, type_) if v not in ctx.protected]
        if not reusable:
            return self.assign(env, ctx, depth)
        name = self.pick(reusable)
        if type_ == INT:
            line = f"{name} {self.pick(['+=', '-='])} {self.draw(st.integers(0, 5))}"
        else:
            line = f"{name} += {self.constant(STR)}"
        return Block([line], env)

    def raise_options(self, env: dict[str, str]) -> list[str]:
        name = self.pick(list(ERROR_CLASSES))
        cause = self.expr(STR, env, 1)
        return [f'raise Fail("{ERROR_CLASSES[name]}", {cause})', f"raise {name}({cause})"]

    def changes(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """Changing a dict (States.JsonMerge); a list cannot be changed in JSONPath."""
        name = self.fresh(REC)
        lines = [f"{name} = {{**{self.pick(self.paths(REC, env))}}}"]
        inside = {**env, name: REC}
        for _ in range(self.draw(st.integers(1, 3))):
            lines += self.pick(
                [
                    *self.record_changes(name, inside)[2:-1],  # update() and |, not del
                    lambda: [f'{name}["v"] = {self.expr(INT, inside, 1)}'],
                    lambda: [f'{name}["s"] += {self.constant(STR)}'],  # a str: States.Format
                ]
            )()
        return Block(lines, inside)

    def json_text(self, env: dict[str, str]) -> str:
        """`json.dumps` of a path: States.JsonToString."""
        value = self.pick(self.paths(self.pick([INT, STR, LINT, REC]), env))
        return f'json.dumps({value}, separators=(",", ":"))'


__all__ = ["JSONPATH_KNOWN_BUGS", "JsonPathGen"]
