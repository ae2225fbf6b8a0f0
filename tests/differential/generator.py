"""A hypothesis strategy for workflow bodies whose meaning Python and flowdsl must agree on.

Programs are generated with types (int, str, bool, lists of them, a record) and with the set of
variables that are definitely assigned at each point, so every program is valid Python that
raises nothing but the workflow's own errors, and valid flowdsl. Constructs that currently expose
a known bug are switched off through `KNOWN_BUGS`; each has a fixed example in test_found.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import strategies as st

from tests.differential.expressions import (
    BOOL,
    ELEMENT,
    INT,
    JSON,
    LINT,
    LIST_OF,
    LSTR,
    REC,
    STR,
    STRINGS,
    Expressions,
)
from tests.differential.runtime import ERROR_CLASSES, FUNCTIONS

# Constructs switched off because they expose a bug that is written down in test_found.py.
# Remove a name once its bug is fixed: the generator then covers the construct again.
KNOWN_BUGS = frozenset(
    {
        "str_of_list",  # test_str_of_a_list
    }
)


MERGED = "merged"  # the type of a member merge_response added to `inp`


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
class Gen(Expressions):
    """Draws one program: statements around `Expressions`, tracking what is assigned where."""

    max_depth: int = 3
    decorator = "@workflow"
    calls: int = 0

    def state_comment(self) -> str:
        self.calls += 1
        return f"  # state: Call{self.calls}" if self.chance(3) else ""

    # -- statements ------------------------------------------------------------------------

    def block(
        self, env: dict[str, str], ctx: Ctx, depth: int, low: int = 1, high: int = 4
    ) -> Block:
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
        nested += [self.service_comprehension, self.function_comprehension]
        simple += [self.changes]
        if ctx.kind == "workflow":  # a branch cannot change `inp` (FD173), a try may be one
            simple.append(self.merge_response)
        if self.has("appending_loop"):
            nested.append(self.appending_loop)
        if ctx.kind == "try" and not self.has("try_conditional_assign"):
            nested = [self.parallel]  # loops and comprehensions store names too
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
        return Block(
            [f"{', '.join(names)} = {', '.join(values)}"], {**env, **dict.fromkeys(names, type_)}
        )

    def aug_assign(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        type_ = self.pick([INT, STR, LINT])
        reusable = [v for v in self.vars_of(env, type_) if v not in ctx.protected]
        if not reusable:
            return self.assign(env, ctx, depth)
        name = self.pick(reusable)
        op = self.pick(["+=", "-=", "*="]) if type_ == INT else "+="
        value = str(self.draw(st.integers(-3, 3))) if op == "*=" else self.expr(type_, env, 1)
        if type_ == LINT:
            # A list's += extends it in place, and every name bound to that list sees it;
            # workflow values are copies (README), so the generator writes what they mean.
            return Block([f"{name} = {name} + {value}"], env)
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

    def merge_response(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """`inp["k"] = fn.invoke(x)`: the input itself changed with a call's whole response
        (in JSONPath the Task's ResultPath, ir/state_data.py); the workflow returns what it
        added (not all of `inp`: a list read from it may have been changed in place, which
        Python shares with `inp` and a workflow does not, as the README says)."""
        fn = FUNCTIONS[self.pick(list(FUNCTIONS))]
        self.names += 1
        key = f"m{self.names}"
        call = f"{fn.var}.invoke({self.expr(fn.arg, env, 1)}){self.state_comment()}"
        # In the environment as a member of `inp`, so the return lists it where it is set on
        # every path (no expression draws this type).
        return Block([f'inp["{key}"] = {call}'], {**env, key: MERGED})

    def wait(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        return Block(["wait(seconds=0)"], env)

    def fail(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A conditional raise (an unconditional one would end most programs at once)."""
        raise_line = self.pick(self.raise_options(env))
        return Block([f"if {self.test(env, 2)}:", "    " + raise_line], env)

    def raise_options(self, env: dict[str, str]) -> list[str]:
        name = self.pick(list(ERROR_CLASSES))
        cause = self.expr(STR, env, 1)
        other = self.pick(list(ERROR_CLASSES))
        dynamic = f'("{ERROR_CLASSES[name]}" if {self.test(env, 1)} else "{ERROR_CLASSES[other]}")'
        options = [
            f'raise Fail("{ERROR_CLASSES[name]}", {cause})',
            f"raise {name}({cause})",
            f"raise Fail({dynamic}, {cause})",
        ]
        if self.has("raise_class"):
            options.append(f"raise {name}")
        return options

    def break_continue(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        word = self.pick(["break", "continue"])
        return Block([f"if {self.test(env, 1)}:", f"    {word}"], env)

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

    def body(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A nested block, which may end with a return where the scope allows one."""
        inner = self.block(env, ctx, depth - 1, 1, 3)
        if not inner.ends and ctx.returns is not None and self.chance(1, 5):
            return Block(inner.lines + self.return_lines(inner.env, ctx), inner.env, ends=True)
        return inner

    def return_lines(self, env: dict[str, str], ctx: Ctx) -> list[str]:
        if ctx.returns == "workflow":
            self.names += 1
            fields = [f'"at": {self.names}']
            fields += [
                f'"{v}": inp["{v}"]' if t == MERGED else f'"{v}": {v}'
                for v, t in sorted(env.items())
            ]
            return ["return {" + ", ".join(fields) + "}"]
        assert ctx.returns is not None
        return [f"return {self.expr(ctx.returns, env, 2)}"]

    def while_stmt(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        counter = self.fresh(INT)
        bound = self.draw(st.integers(0, 4))
        test = f"{counter} < {bound}"
        if self.chance(1):
            test += f" and {self.test(env, 1)}"
        inside = {**env, counter: INT}
        inner_ctx = replace(ctx, in_while=True, looping=True, protected=ctx.protected | {counter})
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
        header = f"for {item} in {self.items(source, env)}:"
        if self.chance(1, 4):
            index = self.fresh(INT)
            inside[index] = INT
            header = f"for {index}, {item} in enumerate({self.items(source, env)}):"
        body = self.block(inside, inner_ctx, depth - 1, 1, 3)
        fn = FUNCTIONS[self.pick(["inc", "check", "shout", "box"])]
        call = f"{fn.var}({self.expr(fn.arg, body.env, 1)}){self.state_comment()}"
        return Block([header, *indent([*body.lines, call])], env)

    def service_comprehension(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        fn = FUNCTIONS[self.pick(["inc", "twice", "check", "shout", "box"])]
        source = LIST_OF.get(fn.arg, LINT)
        item = self.fresh(ELEMENT[source])
        argument = self.expr(fn.arg, {**env, item: ELEMENT[source]}, 1)
        if item not in argument:
            argument = item
        comment = f"  # state: Call{self.calls + 1}" if self.has("comment_on_map") else ""
        self.calls += 1
        name = self.fresh(LIST_OF.get(fn.result, JSON))
        value = f"[{fn.var}({argument}) for {item} in {self.items(source, env)}]"
        return Block([f"{name} = {value}{comment}"], {**env, name: LIST_OF.get(fn.result, JSON)})

    def try_stmt(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        hoisted: list[str] = []
        single = self.chance(1, 2) or (ctx.looping and not self.has("try_in_loop"))
        if single and depth > 0 and self.chance(1, 3):
            # A Parallel or a Map as the one state of the body (branch functions defined first).
            # (a comprehension Map is wrapped like a multi-state body: not in loops, see above)
            wrapped_ok = not (ctx.looping and not self.has("try_in_loop"))
            wrapped_ok = wrapped_ok and self.has("try_conditional_assign")  # stores its variable
            makers = [self.parallel, self.service_comprehension] if wrapped_ok else [self.parallel]
            made = self.pick(makers)(env, ctx, depth)
            hoisted, body = made.lines[:-1], Block(made.lines[-1:], made.env)
        elif single and ctx.returns == "workflow" and self.chance(1, 6):
            fn = FUNCTIONS[self.pick(["inc", "check", "boom", "box"])]
            body = Block([f"return {fn.var}({self.expr(fn.arg, env, 1)})"], env, ends=True)
        elif single:
            body = self.call(env, ctx, depth)  # one Task: the Catch goes on it directly
        else:
            # The body is lowered in place: it may break, continue and return like any block.
            body = self.block(env, replace(ctx, kind="try"), depth - 1, 2, 4)
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
                prelude = [f"{text} = {self.error_field(caught_as)}"]
                handler_env[text] = STR
            handler = self.block(handler_env, ctx, depth - 1, 1, 3)
            tail: list[str] = []
            if not handler.ends and self.chance(1, 6):  # a bare raise, `as e` or not
                tail, handler = ["raise"], Block(handler.lines, handler.env, ends=True)
            lines += [f"except {caught}{bound}:", *indent(prelude + handler.lines + tail)]
            outcomes.append(handler)
        after = body
        if not body.ends and self.chance(1, 4):
            orelse = self.block(body.env, ctx, depth - 1, 1, 2)
            lines += ["else:", *indent(orelse.lines)]
            after = orelse
        return Block(
            lines, merge(env, [after, *outcomes]), ends=all(o.ends for o in [after, *outcomes])
        )

    def error_field(self, caught_as: str) -> str:
        # A raise without a cause leaves Cause None (absent in ASL): `or ""` keeps a str.
        return self.pick([f'{caught_as}["Error"]', f'({caught_as}["Cause"] or "")'])

    def changes(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A copy, then changed in place: items, update(), |, del, append(), extend().

        Only a fresh copy is changed: Python would change every name bound to the object,
        and workflow values are copies (README)."""
        if self.chance(1, 2):
            name = self.fresh(REC)
            lines = [f"{name} = {{**{self.expr(REC, env, 1)}}}"]
            inside = {**env, name: REC}
            for _ in range(self.draw(st.integers(1, 3))):
                lines += self.pick(self.record_changes(name, inside))()
            return Block(lines, inside)
        type_ = self.pick([LINT, LSTR])
        element = ELEMENT[type_]
        name = self.fresh(type_)
        lines = [f"{name} = {self.expr(type_, env, 1)} + []"]
        inside = {**env, name: type_}
        for _ in range(self.draw(st.integers(1, 3))):
            lines += self.pick(
                [
                    lambda: [f"{name}.append({self.expr(element, inside, 1)})"],
                    lambda: [f"{name}.extend({self.expr(type_, inside, 1)})"],
                    lambda: [f"if {name}:", f"    {name}[-1] = {self.expr(element, inside, 1)}"],
                    lambda: [f"if len({name}) > 1:", f"    del {name}[1]"],
                ]
            )()
        return Block(lines, inside)

    def record_changes(self, name: str, env: dict[str, str]) -> list[Callable[[], list[str]]]:
        return [
            lambda: [f'{name}["v"] = {self.expr(INT, env, 1)}'],
            lambda: [f'{name}["s"] += {self.expr(STR, env, 1)}'],
            lambda: [f'{name}.update({{"s": {self.expr(STR, env, 1)}}})'],
            lambda: [f"{name}.update(v={self.expr(INT, env, 1)})"],
            lambda: [f'{name} = {name} | {{"v": {self.expr(INT, env, 1)}}}'],
            lambda: [f'{name}["x"] = {self.expr(INT, env, 1)}', f'del {name}["x"]'],
        ]

    def function_comprehension(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """`[per(x) for x in items]` where per is a function of the workflow that branches."""
        self.names += 1
        function = f"per{self.names}"
        source = self.pick([LINT, LSTR])
        param = self.fresh(ELEMENT[source])
        returns = self.pick([INT, STR, REC])
        inner_ctx = Ctx("branch", protected=frozenset(env) | ctx.protected, returns=returns)
        self.in_branch += 1
        body = self.block({**env, param: ELEMENT[source]}, inner_ctx, depth - 1, 0, 3)
        self.in_branch -= 1
        body_lines = [line for line in body.lines if line != "pass"]
        if not body.ends:
            body_lines += self.return_lines(body.env, inner_ctx)
        item = self.fresh(ELEMENT[source])
        result = self.fresh(LIST_OF.get(returns, JSON))
        call = f"[{function}({item}) for {item} in {self.items(source, env)}]"
        lines = [f"def {function}({param}):", *indent(body_lines), f"{result} = {call}"]
        return Block(lines, {**env, result: LIST_OF.get(returns, JSON)})

    def appending_loop(self, env: dict[str, str], ctx: Ctx, depth: int) -> Block:
        """A for loop appending to a list outside it (the body never reads that list)."""
        type_ = self.pick([LINT, LSTR])
        element = ELEMENT[type_]
        collected = self.fresh(type_)
        lines = [f"{collected} = {self.pick(['[]', self.expr(type_, env, 1)])}"]
        source = self.pick([LINT, LSTR])
        item = self.fresh(ELEMENT[source])
        inner_ctx = Ctx("map", protected=frozenset(env) | ctx.protected | {collected})
        inside = {**env, item: ELEMENT[source]}
        body = self.block(inside, inner_ctx, depth - 1, 0, 2)
        appends = [f"{collected}.append({self.expr(element, body.env, 1)})"]
        if self.chance(1, 2):
            test = self.test(body.env, 1)
            other = f"{collected}.extend({self.expr(type_, body.env, 1)})"
            appends = [f"if {test}:", *indent(appends), "else:", f"    {other}"]
        loop_body = [line for line in body.lines if line != "pass"] + appends
        lines += [f"for {item} in {self.items(source, env)}:", *indent(loop_body)]
        return Block(lines, {**env, collected: type_})

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
            self.in_branch += 1
            body = self.block(env, inner_ctx, depth - 1, 0, 3)
            self.in_branch -= 1
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
        return Block(
            [*lines, f"{joined} = {call}"], {**env, **dict(zip(targets, types, strict=True))}
        )

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
                lines += [*made[:-1], "return " + made[-1].split(" = ", 1)[1]]
            elif ending == 2:
                made = self.service_comprehension(body.env, ctx, 1).lines
                lines.append("return " + made[-1].split(" = ", 1)[1].split("  #")[0])
            else:
                lines += self.return_lines(body.env, ctx)
        return f"{self.decorator}\ndef flow(inp):\n" + "\n".join(indent(lines)) + "\n"


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
def programs(
    draw: Callable[[Any], Any],
    avoid: frozenset[str] = KNOWN_BUGS,
    generator: type[Gen] | None = None,
) -> Program:
    source = (generator or Gen)(draw, avoid).program()
    return Program(source, draw(inputs()))
