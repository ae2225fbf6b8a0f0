"""A hypothesis strategy for workflow bodies whose meaning Python and flowdsl must agree on.

Programs are generated with types (int, str, bool, lists of them, a record) and with the set of
variables that are definitely assigned at each point, so every program is valid Python that
raises nothing but the workflow's own errors, and valid flowdsl. Constructs that currently expose
a known bug are switched off through `KNOWN_BUGS`; each has a fixed example in test_found.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import strategies as st

from tests.differential.runtime import ERROR_CLASSES, FUNCTIONS

INT, STR, BOOL, LINT, LSTR, REC, JSON = "int", "str", "bool", "lint", "lstr", "rec", "json"
ELEMENT = {LINT: INT, LSTR: STR}
LIST_OF = {INT: LINT, STR: LSTR}
# Fields of the workflow input, and their types (see `inputs`).
INPUT_FIELDS = {"n": INT, "s": STR, "xs": LINT, "ws": LSTR, "flag": BOOL, "r": REC}
STRINGS = ["", "a", "bc", "x y", "Z-9", "a-b", " p "]
LIST_INPUT = {LINT: 'inp["xs"]', LSTR: 'inp["ws"]'}
# Variable names that are also JSONata functions ($count, $string, ...), used once each.
JSONATA_NAMES = ["count", "string", "length", "number", "boolean", "exists", "lookup", "append",
                 "keys", "join", "split", "uppercase", "substring", "floor", "power", "sort"]
PREFIX = {INT: "n", STR: "s", BOOL: "b", LINT: "li", LSTR: "ls", REC: "r", JSON: "j"}

# Constructs switched off because they expose a bug that is written down in test_found.py.
# Remove a name once its bug is fixed: the generator then covers the construct again.
KNOWN_BUGS = frozenset(
    {
        "boolop_value",  # test_or_returns_an_operand_not_a_boolean
        "truthy_list",  # test_list_of_falsy_items_is_truthy
        "str_index",  # test_indexing_a_string
        "minmax_str",  # test_max_of_strings
        "str_of_list",  # test_str_of_a_list
        "nested_list",  # test_comprehension_of_one_list_element
        "comment_on_map",  # test_state_comment_on_a_service_comprehension
        "try_partial",  # test_assignment_before_a_failure_in_a_try_body_survives
        "branch_no_return",  # test_branch_without_return_gives_none
        "try_in_loop",  # test_try_body_in_a_loop
        "list_call",  # test_list_of_a_list_display
        "raise_class",  # test_raise_an_error_class_without_a_cause
    }
)


@dataclass
class Ctx:
    """Where a statement is generated: what it may assign, whether it may break or return."""

    kind: str  # workflow | branch | map | try
    protected: frozenset[str] = frozenset()  # names this scope must not rebind
    in_while: bool = False  # break/continue allowed
    looping: bool = False  # inside a while loop of this ASL scope (even if not directly)
    returns: str | None = None  # "workflow" (return a dict of variables) | a type (a branch)


@dataclass
class Block:
    lines: list[str]
    env: dict[str, str]  # variables definitely assigned afterwards, with their types
    ends: bool = False  # control never falls through to the next statement


@dataclass
class Gen:
    """Draws one program; `draw` is hypothesis's, `avoid` the features not to generate."""

    draw: Callable[[Any], Any]
    avoid: frozenset[str]
    max_depth: int = 3
    names: int = 0
    used: set[str] = field(default_factory=set)
    calls: int = 0

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

    def state_comment(self) -> str:
        self.calls += 1
        return f"  # state: Call{self.calls}" if self.chance(3) else ""

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
            lambda: f"{e(STR, env, d)}.{self.pick(['upper', 'lower', 'strip', 'lstrip', 'rstrip'])}()",
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
            makers.append(lambda: f"{self.pick(['min', 'max'])}({e(STR, env, d)}, {e(STR, env, d)})")
        if self.has("str_of_list"):
            makers.append(lambda: f"str({e(self.pick([LINT, LSTR]), env, d)})")
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
            lambda: f"{e(STR, env, d)}.{self.pick(['startswith', 'endswith'])}(\"a\")",
            lambda: f"(not {e(self.pick([INT, STR]), env, d)})",
            lambda: f"bool({e(INT, env, d)})",
            lambda: self.quantifier(env, d),
            lambda: f'({e(REC, env, d)}.get("{self.pick(["v", "w"])}") is {self.pick(["", "not "])}None)',
            lambda: f"({e(BOOL, env, d)} {self.pick(['==', '!='])} {e(BOOL, env, d)})",
            lambda: f"({e(STR, env, d)} {self.pick(['<=', '>', '>='])} {e(STR, env, d)})",
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
        # sorted: JSON objects have no key order to agree on.
        makers.append(lambda: f"sorted({self.expr(REC, env, d)}.keys())")
        if self.has("list_call"):
            makers.append(lambda: f"list({self.expr(REC, env, d)}.keys())")
        return makers

    def list_makers(self, type_: str, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        e = self.expr
        element = ELEMENT[type_]
        makers: list[Callable[[], str]] = [
            lambda: "[" + ", ".join(e(element, env, d) for _ in range(self.draw(st.integers(1, 3))))
            + "]",
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
        return [lambda: f'{{"v": {self.expr(INT, env, d)}, "s": {self.expr(STR, env, d)}}}']

    def compound_json(self, env: dict[str, str], d: int) -> list[Callable[[], str]]:
        return []

    def json_value(self, env: dict[str, str], d: int) -> str:
        """A value of no generated type, only ever returned: nested lists and the like."""
        options = [lambda: f"[{self.expr(LINT, env, d)}, {self.expr(LSTR, env, d)}]"]
        if self.has("nested_list"):
            options.append(
                lambda: (
                    lambda v: f"[[{v}, {v}] for {v} in {self.expr(LINT, env, d)}]"
                )(self.fresh(INT))
            )
        return self.pick(options)()

    # -- statements ------------------------------------------------------------------------

    def block(self, env: dict[str, str], ctx: Ctx, depth: int, low: int = 1, high: int = 4) -> Block:
        lines: list[str] = []
        env = dict(env)
        for _ in range(self.draw(st.integers(low, high))):
            stmt = self.statement(env, ctx, depth)
            lines += stmt.lines
            env = stmt.env
            if stmt.ends:
                return Block(lines, env, ends=True)
        if not lines:
            lines = ["pass"]
        return Block(lines, env)

    def statement(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        simple = [self.assign, self.assign, self.call, self.aug_assign, self.wait]
        simple += [self.tuple_assign]
        nested = [self.if_stmt, self.while_stmt, self.for_stmt, self.try_stmt, self.parallel]
        nested += [self.service_comprehension]
        options = simple + (nested if depth > 0 else [])
        if ctx.in_while:
            options.append(self.break_continue)
        options.append(self.fail)
        return self.pick(options)(env, ctx, depth)

    def target(self, type_: str, env: dict[str, str], ctx: Ctx) -> str:
        reusable = [v for v in self.vars_of(env, type_) if v not in ctx.protected]
        if reusable and self.chance(1, 3):
            return self.pick(reusable)
        return self.fresh(type_)

    def assign(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        type_ = self.pick([INT, STR, BOOL, LINT, LSTR, REC, JSON])
        if type_ == JSON:
            name = self.fresh(JSON)
            value = self.json_value(env, 1)
        else:
            name = self.target(type_, env, ctx)
            value = self.expr(type_, env, 2)
        return Block([f"{name} = {value}"], {**env, name: type_})

    def tuple_assign(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """`a, b = b, a` and friends: Python evaluates the right side before binding."""
        type_ = self.pick([INT, STR])
        names = [self.target(type_, env, ctx) for _ in range(2)]
        if names[0] == names[1]:
            names[1] = self.fresh(type_)
        values = [self.expr(type_, env, 1) for _ in names]
        reusable = [v for v in self.vars_of(env, type_) if v not in ctx.protected]
        if len(reusable) >= 2 and self.chance(1, 2):
            names = reusable[:2]
            values = [names[1], names[0]]  # a swap
        return Block([f"{', '.join(names)} = {', '.join(values)}"], {**env, **dict.fromkeys(names, type_)})

    def aug_assign(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        type_ = self.pick([INT, STR, LINT])
        reusable = [v for v in self.vars_of(env, type_) if v not in ctx.protected]
        if not reusable:
            return self.assign(env, ctx, depth)
        name = self.pick(reusable)
        op = self.pick(["+=", "-=", "*="]) if type_ == INT else "+="
        value = str(self.draw(st.integers(-3, 3))) if op == "*=" else self.expr(type_, env, 1)
        return Block([f"{name} {op} {value}"], env)

    def call(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        fn = FUNCTIONS[self.pick(list(FUNCTIONS))]
        if fn.var == "boom" and self.chance(2):
            fn = FUNCTIONS["check"]  # a failing call is interesting, a certain failure less so
        call = f"{fn.var}({self.expr(fn.arg, env, 1)}){self.state_comment()}"
        if self.chance(1):
            return Block([call], env)
        name = self.target(fn.result, env, ctx)
        return Block([f"{name} = {call}"], {**env, name: fn.result})

    def wait(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        return Block(["wait(seconds=0)"], env)

    def fail(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A conditional raise (an unconditional one would end most programs at once)."""
        name = self.pick(list(ERROR_CLASSES))
        cause = self.expr(STR, env, 1)
        other = self.pick(list(ERROR_CLASSES))
        dynamic = f'("{ERROR_CLASSES[name]}" if {self.expr(BOOL, env, 1)} else "{ERROR_CLASSES[other]}")'
        options = [
            f'raise Fail("{ERROR_CLASSES[name]}", {cause})',
            f"raise {name}({cause})",
            f"raise Fail({dynamic}, {cause})",
        ]
        if self.has("raise_class"):
            options.append(f"raise {name}")
        raise_line = self.pick(options)
        return Block([f"if {self.expr(BOOL, env, 2)}:", "    " + raise_line], env)

    def break_continue(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        word = self.pick(["break", "continue"])
        return Block([f"if {self.expr(BOOL, env, 1)}:", f"    {word}"], env)

    def if_stmt(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        lines: list[str] = []
        arms: list[Block] = []
        for index in range(self.draw(st.integers(1, 3))):
            keyword = "if" if index == 0 else "elif"
            test = self.condition(env)
            arm = self.body(env, ctx, depth)
            lines += [f"{keyword} {test}:", *indent(arm.lines)]
            arms.append(arm)
        if self.chance(2):
            arm = self.body(env, ctx, depth)
            lines += ["else:", *indent(arm.lines)]
            arms.append(arm)
        else:
            arms.append(Block([], env))
        return Block(lines, merge(env, arms), ends=all(a.ends for a in arms))

    def condition(self, env: dict[str, str]) -> str:
        if self.chance(1, 5):
            # Truthiness of a non-boolean value as the test.
            kinds = [INT, STR] + ([LINT] if self.has("truthy_list") else [])
            return self.expr(self.pick(kinds), env, 1)
        return self.expr(BOOL, env, 2)

    def body(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A nested block, which may end with a return where the scope allows one."""
        inner = self.block(env, ctx, depth - 1, 1, 3)
        if not inner.ends and ctx.returns is not None and self.chance(1, 5):
            return Block(inner.lines + self.return_lines(inner.env, ctx), inner.env, ends=True)
        return inner

    def return_lines(self, env: dict[str, str], ctx: Ctx) -> list[str]:
        if ctx.returns == "workflow":
            self.names += 1
            fields = [f'"at": {self.names}'] + [f'"{v}": {v}' for v in sorted(env)]
            return ["return {" + ", ".join(fields) + "}"]
        assert ctx.returns is not None
        return [f"return {self.expr(ctx.returns, env, 2)}"]

    def while_stmt(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        counter = self.fresh(INT)
        bound = self.draw(st.integers(0, 4))
        test = f"{counter} < {bound}"
        if self.chance(1):
            test += f" and {self.expr(BOOL, env, 1)}"
        inside = {**env, counter: INT}
        inner_ctx = replace(
            ctx, in_while=True, looping=True, protected=ctx.protected | {counter}
        )
        body = self.block(inside, inner_ctx, depth - 1, 1, 4)
        lines = [f"{counter} = 0", f"while {test}:", f"    {counter} += 1", *indent(body.lines)]
        if self.chance(1, 4):
            # while True: the counter bounds the loop through a break.
            head = [f"{counter} = 0", "while True:", f"    {counter} += 1"]
            guard = [f"    if {counter} > {bound}:", "        break"]
            lines = head + guard + indent(body.lines)
        return Block(lines, {**env, counter: INT})

    def for_stmt(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A for loop is a Map: its body cannot rebind outer names; calls are its effect."""
        source = self.pick([LINT, LSTR])
        item = self.fresh(ELEMENT[source])
        inner_ctx = Ctx("map", protected=frozenset(env) | ctx.protected, returns=None)
        inside = {**env, item: ELEMENT[source]}
        header = f"for {item} in {self.expr(source, env, 1)}:"
        if self.chance(1, 4):
            index = self.fresh(INT)
            inside[index] = INT
            header = f"for {index}, {item} in enumerate({self.expr(source, env, 1)}):"
        body = self.block(inside, inner_ctx, depth - 1, 1, 3)
        fn = FUNCTIONS[self.pick(["inc", "check", "shout", "box"])]
        call = f"{fn.var}({self.expr(fn.arg, body.env, 1)}){self.state_comment()}"
        return Block([header, *indent(body.lines + [call])], env)

    def service_comprehension(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        fn = FUNCTIONS[self.pick(["inc", "twice", "check", "shout", "box"])]
        source = LIST_OF[fn.arg] if fn.arg in LIST_OF else LINT
        item = self.fresh(ELEMENT[source])
        argument = self.expr(fn.arg, {**env, item: ELEMENT[source]}, 1)
        if item not in argument:
            argument = item
        comment = f"  # state: Call{self.calls + 1}" if self.has("comment_on_map") else ""
        self.calls += 1
        name = self.fresh(LIST_OF.get(fn.result, JSON))
        value = f"[{fn.var}({argument}) for {item} in {self.expr(source, env, 1)}]"
        return Block([f"{name} = {value}{comment}"], {**env, name: LIST_OF.get(fn.result, JSON)})

    def try_stmt(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        hoisted: list[str] = []
        single = self.chance(1, 2) or (ctx.looping and not self.has("try_in_loop"))
        if single and depth > 0 and self.chance(1, 3):
            # A Parallel or a Map as the one state of the body (branch functions defined first).
            # (a comprehension Map is wrapped like a multi-state body: not in loops, see above)
            in_loop = ctx.looping and not self.has("try_in_loop")
            makers = [self.parallel] if in_loop else [self.parallel, self.service_comprehension]
            made = self.pick(makers)(env, ctx, depth)
            hoisted, body = made.lines[:-1], Block(made.lines[-1:], made.env)
        elif single and ctx.returns == "workflow" and self.chance(1, 6):
            fn = FUNCTIONS[self.pick(["inc", "check", "boom", "box"])]
            body = Block([f"return {fn.var}({self.expr(fn.arg, env, 1)})"], env, ends=True)
        elif single:
            body = self.call(env, ctx, depth)  # one Task: the Catch goes on it directly
        else:
            keep = ctx.protected if self.has("try_partial") else frozenset(env) | ctx.protected
            body = self.block(env, replace(ctx, kind="try", protected=keep, in_while=False,
                                           returns=None), depth - 1, 2, 4)
        lines = [*hoisted, "try:", *indent(body.lines)]
        outcomes: list[Block] = []
        handlers = self.draw(st.integers(1, 3))
        names = list(ERROR_CLASSES)
        for index in range(handlers):
            last = index == handlers - 1
            kind = self.draw(st.integers(0, 3 if last else 1))
            if kind == 0:
                caught = self.pick(names)
            elif kind == 1:
                caught = f"({self.pick(names)}, {self.pick(names)})"
            else:
                caught = self.pick(["Exception", "States.ALL"])
            handler_env = dict(env)
            bound = ""
            prelude: list[str] = []
            if self.chance(1, 2):
                # Python unbinds `e` after the handler: only its fields, copied, live on.
                self.names += 1
                caught_as = f"e{self.names}"
                bound = f" as {caught_as}"
                text = self.fresh(STR)
                prelude = [f'{text} = {caught_as}["{self.pick(["Error", "Cause"])}"]']
                handler_env[text] = STR
            handler = self.block(handler_env, ctx, depth - 1, 1, 3)
            tail: list[str] = []
            if bound and not handler.ends and self.chance(1, 6):
                tail, handler = ["raise"], Block(handler.lines, handler.env, ends=True)
            lines += [f"except {caught}{bound}:", *indent(prelude + handler.lines + tail)]
            outcomes.append(handler)
        after = body
        if not body.ends and self.chance(1, 4):
            orelse = self.block(body.env, ctx, depth - 1, 1, 2)
            lines += ["else:", *indent(orelse.lines)]
            after = orelse
        return Block(lines, merge(env, [after, *outcomes]), ends=all(
            o.ends for o in [after, *outcomes]))

    def parallel(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        lines: list[str] = []
        names: list[str] = []
        types: list[str] = []
        for _ in range(self.draw(st.integers(1, 3))):
            self.names += 1
            name = f"branch{self.names}"
            returns = self.pick([INT, STR, LINT, REC])
            # A branch may rebind an outer name: Python makes it local to the branch function,
            # so it is assigned first; the workflow's own variable must keep its value.
            shadowed = [v for v in env if env[v] in (INT, STR) and self.chance(1, 6)]
            unshadowed = {k: t for k, t in env.items() if k not in shadowed}
            prologue = [f"{v} = {self.expr(env[v], unshadowed, 1)}" for v in shadowed]
            protected = (frozenset(env) | ctx.protected) - set(shadowed)
            inner_ctx = Ctx("branch", protected=protected, returns=returns)
            body = self.block(env, inner_ctx, depth - 1, 0, 3)
            body_lines = prologue + [line for line in body.lines if line != "pass"]
            if not body.ends:
                if self.has("branch_no_return") and self.chance(1, 6):
                    returns = JSON  # Python returns None from a function without return
                    body_lines = body_lines or ["wait(seconds=0)"]
                else:
                    body_lines += self.return_lines(body.env, inner_ctx)
            lines += [f"def {name}():", *indent(body_lines)]
            names.append(name)
            types.append(returns)
        call = f"parallel({', '.join(names)})"
        if self.chance(1, 3):
            result = self.fresh(JSON)
            return Block([*lines, f"{result} = {call}"], {**env, result: JSON})
        targets = [self.fresh(t) for t in types]
        joined = ", ".join(targets) + ("," if len(targets) == 1 else "")
        return Block([*lines, f"{joined} = {call}"], {**env, **dict(zip(targets, types, strict=True))})

    # -- the whole workflow ----------------------------------------------------------------

    def program(self) -> str:
        ctx = Ctx("workflow", returns="workflow")
        body = self.block({}, ctx, self.max_depth, 1, 6)
        lines = list(body.lines)
        if not body.ends:
            ending = self.draw(st.integers(0, 11))
            if ending == 0 and self.vars_of(body.env, INT):
                fn = FUNCTIONS[self.pick(["inc", "box"])]
                lines.append(f"return {fn.var}({self.pick(self.vars_of(body.env, INT))})")
            elif ending == 1:
                made = self.parallel(body.env, ctx, 1).lines
                lines += made[:-1] + ["return " + made[-1].split(" = ", 1)[1]]
            elif ending == 2:
                made = self.service_comprehension(body.env, ctx, 1).lines
                lines.append("return " + made[-1].split(" = ", 1)[1].split("  #")[0])
            else:
                lines += self.return_lines(body.env, ctx)
        return "@workflow\ndef flow(inp):\n" + "\n".join(indent(lines)) + "\n"


def indent(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def merge(before: dict[str, str], arms: list[Block]) -> dict[str, str]:
    """Variables assigned on every path that falls through (with one type on all of them)."""
    live = [a.env for a in arms if not a.ends]
    if not live:
        return dict(before)
    common = dict(live[0])
    for env in live[1:]:
        common = {k: t for k, t in common.items() if env.get(k) == t}
    return common


@dataclass(frozen=True)
class Program:
    source: str
    input: dict[str, Any]

    def __repr__(self) -> str:  # what hypothesis prints for a failing example
        return f"Program(input={self.input!r}, source=\n{self.source})"


def inputs() -> st.SearchStrategy[dict[str, Any]]:
    ints = st.integers(-5, 20)
    strs = st.sampled_from(STRINGS)
    return st.fixed_dictionaries(
        {
            "n": ints,
            "s": strs,
            "xs": st.lists(ints, max_size=4),
            "ws": st.lists(strs, max_size=3),
            "flag": st.booleans(),
            "r": st.fixed_dictionaries({"v": ints, "s": strs}),
        }
    )


@st.composite
def programs(draw: Callable[[Any], Any], avoid: frozenset[str] = KNOWN_BUGS) -> Program:
    source = Gen(draw, avoid).program()
    return Program(source, draw(inputs()))
