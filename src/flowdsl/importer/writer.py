"""One scope of a JSONPath definition (the workflow, a branch, a Map's processor) as Python.

Walks the structured graph (`structure.py`) and writes each state with its data flow
(`dataflow.py`): Task -> a call, Pass -> an assignment, Wait -> `wait()`, Succeed / End ->
`return`, Fail -> `raise Fail(...)`, Choice -> `if`, Parallel -> `parallel()` over nested
functions, Map -> a comprehension over a nested function, Catch -> `try`/`except`.
"""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Callable
from typing import Any

from flowdsl.importer import calls, dataflow, distributed, low_level, paths
from flowdsl.importer.code import Stmt, assign, block, literal, simple, test
from flowdsl.importer.conditions import Condition, group_rules, unless
from flowdsl.importer.parts import ModuleParts
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported
from flowdsl.importer.structure import EXIT, Graph, Loop


class ScopeWriter:
    """Writes one state graph; `frame.data` names the variable holding the state's data."""

    def __init__(self, graph: Graph, frame: Frame, parts: ModuleParts, depth: int = 0) -> None:
        self.graph = graph
        self.frame = frame
        self.parts = parts
        self.depth = depth
        self.written: set[str] = set()
        self.active: list[Loop] = []  # the loops being written, innermost last
        self.taken: set[str] = {frame.data}  # data variables of this and enclosing scopes
        # Branch and item functions, written first in the body: Python binds what they read
        # when they run, and a def inside a loop would read as if it captured a loop value.
        self.functions: list[Stmt] = []
        self.handlers = 0  # how many except blocks enclose what is being written

    def write(self) -> list[Stmt]:
        before = self.parts.snapshot()
        try:
            body = self.region(self.graph.start, None, None)
            missing = [n for n in self.graph.states if n not in self.written]
            if missing:
                raise Unsupported(f"states never reached from StartAt: {', '.join(missing)}")
        except Unsupported as exc:
            # What has no Python form in this scope: the scope as literal ASL.
            self.parts.restore(before)
            return low_level.scope(self.graph.states, self.graph.start, self.frame, self.parts, exc)
        return self.functions + body

    # -- control flow ---------------------------------------------------------------------------

    def region(self, start: str, stop: str | None, loop: Loop | None) -> list[Stmt]:
        out: list[Stmt] = []
        current: str | None = start
        entering_loop = False
        while current is not None and current != stop:
            if current == EXIT:
                break
            if loop is not None and not entering_loop:
                if current == loop.header:
                    out.append(simple(ast.Continue()))
                    break
                if current == loop.exit:
                    out.append(simple(ast.Break()))
                    break
            entering_loop = False
            if any(current in (outer.header, outer.exit) for outer in self.active[:-1]):
                raise Unsupported(
                    f"state {current!r} continues or leaves an outer loop from inside an inner "
                    "one, which Python's break/continue cannot say"
                )
            found = self.graph.loops.get(current)
            if found is not None and (loop is None or found.header != loop.header):
                self.active.append(found)
                body = self._loop_body(found)
                self.active.pop()
                out.append(block("while True:", body))
                current = None if found.exit == EXIT else found.exit
                continue
            current = self._state(current, out, loop)
        return out

    def _loop_body(self, loop: Loop) -> list[Stmt]:
        # The header is written first; arriving at it again is `continue`.
        out: list[Stmt] = []
        nxt = self._state(loop.header, out, loop)
        if nxt is not None:
            out.extend(self.region(nxt, None, loop))
        return out

    def _claim(self, name: str) -> dict[str, Any]:
        state = self.graph.states[name]
        if name in self.written and state.get("Type") in ("Fail", "Succeed"):
            # An end reached from several places is written at each (ASL jumps, Python can't).
            return state
        if name in self.written:
            raise Unsupported(
                f"state {name!r} would be written twice: the flow into it is not structured as "
                "if/else, loops and try/except can say"
            )
        self.written.add(name)
        return self.graph.states[name]

    def _state(self, name: str, out: list[Stmt], loop: Loop | None) -> str | None:
        """Write state `name`; return the state to continue with (None: the region ends)."""
        again = name in self.written  # an end written once more: its name is taken
        state = self._claim(name)
        kind = state.get("Type")
        try:
            if kind == "Choice":
                if name in self.parts.literal_states:  # a Choice is literal with its scope
                    raise Unsupported(self.parts.literal_states[name])
                return self._choice(name, state, out, loop)
        except Unsupported as exc:
            raise exc.at(f"state {name!r}") from None
        statements = self._state_statements(name, state)
        for statement in statements if again else []:
            statement.state = None  # a state name is unique in a workflow (FD191)
        if state.get("Catch"):
            return self._try(name, state, statements, out, loop)
        out.extend(statements)
        if kind in ("Succeed", "Fail"):
            return None
        if state.get("End") is True:
            self._end(out)
            return None
        return str(state["Next"])

    def _end(self, out: list[Stmt]) -> None:
        """`return data` at an end; `data = x` just before it becomes `return x`."""
        last = out[-1] if out else None
        if (
            last is not None
            and isinstance(last.node, ast.Assign)
            and isinstance(last.node.targets[0], ast.Name)
            and last.node.targets[0].id == self.frame.data
        ):
            returned = simple(ast.Return(value=last.node.value), last.state, last.noqa)
            out[-1] = dataclasses.replace(returned, note=last.note)
            return
        out.append(simple(ast.Return(value=paths.name(self.frame.data))))

    def _choice(
        self, name: str, state: dict[str, Any], out: list[Stmt], loop: Loop | None
    ) -> str | None:
        join = self.graph.join(name, loop)
        rules = [r for r in state.get("Choices") or [] if isinstance(r, dict)]
        default = state.get("Default")
        if any(_effects(rule) for rule in rules):
            # Each rule sets its own variables: one arm per rule, in order (elif keeps ASL's
            # first match), even where rules go to the same state.
            groups: list[tuple[str, list[tuple[dict[str, Any], list[dict[str, Any]]]]]] = [
                (str(rule.get("Next")), [(rule, [])]) for rule in rules
            ]
        else:
            groups = group_rules(rules, default)
        condition = self._condition()
        chain: list[Stmt] = []
        frame_in = dataflow.input_frame(state, self.frame)
        assigns = _effects(state) or any(_effects(rule) for rule in rules)
        if not groups and isinstance(default, str) and rules and not assigns:
            # Every rule goes where Default goes: the test decides nothing, but it is a state.
            every = [condition.of(rule) for rule in rules]
            expr = every[0] if len(every) == 1 else ast.BoolOp(op=ast.Or(), values=every)
            out.append(
                test(
                    "if", expr, [], state=name, noqa=("E712",) if condition.compares_boolean else ()
                )
            )
            return default
        for index, (target, tests) in enumerate(groups):
            rule_assigns = [rule.get("Assign") for rule, _ in tests]
            if len(tests) > 1 and any(rule_assigns):
                raise Unsupported("rules with their own Assign that go to the same state")
            terms = [
                unless(condition.of(rule), [condition.of(r) for r in not_matching])
                for rule, not_matching in tests
            ]
            expr = terms[0] if len(terms) == 1 else ast.BoolOp(op=ast.Or(), values=terms)
            keyword = "if" if index == 0 else "elif"
            branch = self._arm(tests[0][0], frame_in)
            branch.extend(self.region(target, join, loop))
            chain.append(test(keyword, expr, branch))
        if isinstance(default, str):
            otherwise = self._arm(state, frame_in)
            if default != join or loop is not None or otherwise:
                otherwise.extend(self.region(default, join, loop))
                chain.append(block("else:", otherwise))
        else:
            self.parts.imports.add("Fail")
            chain.append(
                block(
                    "else:",
                    [
                        simple(
                            ast.Raise(
                                cause=ast.Constant(None) if self.handlers else None,
                                exc=_fail_call(
                                    ast.Constant("States.NoChoiceMatched"),
                                    ast.Constant(f"No Choice rule of {name!r} matched"),
                                ),
                            )
                        )
                    ],
                )
            )
        if not chain:
            raise Unsupported("a Choice without rules").at(f"state {name!r}")
        chain[0].state = name
        if condition.compares_boolean:
            chain[0].noqa = ("E712",)
        out.extend(chain)
        return join

    def _arm(self, holder: dict[str, Any], frame: Frame) -> list[Stmt]:
        """What a matched rule (or the Choice state, for its Default) sets before going on."""
        return self._assignments(holder.get("Assign"), frame)

    def _condition(self) -> Condition:
        """What writes the test of each Choice rule (a JSONata writer reads `Condition`)."""
        return Condition(self.frame)

    def _try(
        self,
        name: str,
        state: dict[str, Any],
        statements: list[Stmt],
        out: list[Stmt],
        loop: Loop | None,
    ) -> str | None:
        join = self.graph.join(name, loop)
        # The call is the try body; what the state does after its result (OutputPath, End)
        # belongs in `else`, so only the task itself is caught, as in ASL. States that follow
        # it with the same Catch (ASL's spelling of one handler for several steps) join the
        # body, as flowdsl puts a try body's Catch on each of its Tasks.
        body, after = statements[:1], statements[1:]
        while not state.get("End") and self._continues_try(name, str(state["Next"]), join):
            body.extend(after)
            name = str(state["Next"])
            state = self._claim(name)
            statements = self._state_statements(name, state)
            body, after = body + statements[:1], statements[1:]
        out.append(block("try:", body))
        for catcher in state["Catch"]:
            errors = [self.parts.error_class(str(e)) for e in catcher.get("ErrorEquals") or []]
            caught: ast.expr = (
                errors[0] if len(errors) == 1 else ast.Tuple(elts=errors, ctx=ast.Load())
            )
            variable, handler = self._handler(catcher)
            self.handlers += 1
            handler.extend(self.region(str(catcher["Next"]), join, loop))
            self.handlers -= 1
            header = f"except {ast.unparse(caught)}" + (f" as {variable}:" if variable else ":")
            out.append(block(header, handler))
        if state.get("End") is True:
            self._end(after)
            nxt: str | None = None
        else:
            nxt = str(state["Next"])
        if nxt is not None and nxt != join:
            after.extend(self.region(nxt, join, loop))
        elif nxt is not None and join is None:
            after.extend(self.region(nxt, None, loop))
        if after:
            out.append(block("else:", after))
        return join

    def _handler(self, catcher: dict[str, Any]) -> tuple[str | None, list[Stmt]]:
        """The error variable of an except block and its first statements (Assign, ResultPath)."""
        handler: list[Stmt] = []
        result_path = catcher.get("ResultPath", "$")
        variable = "err" if result_path is not None or catcher.get("Assign") else None
        # A Catch's Assign reads the error output ($), with the variables from before.
        handler.extend(
            self._assignments(catcher.get("Assign"), self.frame.rebased(paths.name("err")))
        )
        if result_path is not None:
            handler.extend(dataflow.place(catcher, paths.name("err"), self.frame, None))
        return variable, handler

    def _continues_try(self, previous: str, name: str, join: str | None) -> bool:
        """`name` can join the try body of `previous`: reached only from it, same Catch."""
        state = self.graph.states[name]
        return (
            name != join
            and name not in self.written
            and name not in self.graph.loops
            and self.graph.predecessors.get(name) == {previous}
            and state.get("Type") in ("Task", "Parallel", "Map")
            and _same(state.get("Catch"), self.graph.states[previous].get("Catch"))
        )

    # -- states ---------------------------------------------------------------------------------

    def _state_statements(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        """The state as Python, or as literal ASL where it has no Python form."""
        before, functions = self.parts.snapshot(), len(self.functions)
        try:
            if name in self.parts.literal_states:
                raise Unsupported(self.parts.literal_states[name])
            return self._simple_state(name, state)
        except Unsupported as exc:
            exc.at(f"state {name!r}")
            self.parts.restore(before)
            del self.functions[functions:]
            literal = low_level.state(name, state, self.frame, self.parts, exc)
            if literal is None:
                raise
            return literal

    def _simple_state(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        kind = state.get("Type")
        if kind == "Task":
            return self._task(name, state)
        if kind == "Pass":
            return self._pass(name, state)
        if kind == "Wait":
            return self._wait(name, state)
        if kind == "Succeed":
            value = dataflow.effective_input(state, self.frame)
            output = state.get("OutputPath", "$")
            if output is None:
                value = ast.Dict(keys=[], values=[])
            elif output != "$":
                value = paths.path(output, self.frame.rebased(value))
            return [simple(ast.Return(value=value), name)]
        if kind == "Fail":
            return [self._fail(name, state)]
        if kind == "Parallel":
            return self._parallel(name, state)
        if kind == "Map":
            return self._map(name, state)
        raise Unsupported(f"unknown state type {kind!r}")

    def _task(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        resource = state.get("Resource")
        if not isinstance(resource, str):
            raise Unsupported("a Task without a Resource string")
        for unsupported in ("Credentials", "Arguments", "Output"):
            if unsupported in state:
                raise Unsupported(f"a JSONPath Task with {unsupported} has no flowdsl form yet")
        target = calls.target(resource, self.parts.declarations)
        frame_in = dataflow.input_frame(state, self.frame)
        parameters = state.get("Parameters")
        keywords = self._task_options(state, target.pattern)
        call, result_key = self._call(target, parameters, state, frame_in, keywords)
        return self._result(name, state, call, result_key)

    def _call(
        self,
        target: calls.Target,
        parameters: Any,
        state: dict[str, Any],
        frame_in: Frame,
        options: list[ast.keyword],
    ) -> tuple[ast.expr, str | None]:
        if target.style == "lambda":
            if not isinstance(parameters, dict) or not isinstance(
                parameters.get("FunctionName"), str
            ):
                raise Unsupported("lambda:invoke needs a literal FunctionName")
            extra = set(parameters) - {"FunctionName", "Payload", "Payload.$"}
            if extra:
                raise Unsupported(
                    f"lambda:invoke parameters {sorted(extra)} have no flowdsl form yet"
                )
            arn = parameters["FunctionName"]
            variable = self.parts.declarations.declare("Function", arn, _function_hint(arn))
            args: list[ast.expr] = []
            if "Payload.$" in parameters:
                args.append(paths.value_of(parameters["Payload.$"], frame_in))
            elif "Payload" in parameters:
                args.append(paths.template(parameters["Payload"], frame_in))
            return ast.Call(func=paths.name(variable), args=args, keywords=options), "Payload"
        if target.style in ("payload",):
            payload = (
                paths.template(parameters, frame_in)
                if parameters is not None
                else dataflow.effective_input(state, self.frame)
            )
            return ast.Call(func=target.callee, args=[payload], keywords=options), None
        if parameters is None:
            raise Unsupported(
                "the Task passes its whole input as the API request; write Parameters naming "
                "each parameter"
            )
        if not isinstance(parameters, dict):
            raise Unsupported("Parameters must be an object")
        arguments = calls.keywords(
            parameters,
            lambda key, item, dynamic: (
                paths.value_of(item, frame_in) if dynamic else paths.template(item, frame_in)
            ),
        )
        callee = target.callee
        if isinstance(callee, ast.Call):  # integration("http:invoke")
            return ast.Call(func=callee.func, args=callee.args, keywords=arguments + options), None
        return ast.Call(func=callee, args=[], keywords=arguments + options), None

    def _task_options(self, state: dict[str, Any], pattern: str) -> list[ast.keyword]:
        options: list[ast.keyword] = []
        if pattern == "waitForTaskToken":
            options.append(ast.keyword(arg="callback", value=ast.Constant(True)))
        elif pattern in ("sync", "sync:2"):
            options.append(ast.keyword(arg="sync", value=ast.Constant(True)))
        for field_name, option in (
            ("TimeoutSeconds", "timeout_seconds"),
            ("HeartbeatSeconds", "heartbeat_seconds"),
        ):
            if field_name in state:
                options.append(ast.keyword(arg=option, value=ast.Constant(state[field_name])))
            if f"{field_name}Path" in state:
                options.append(
                    ast.keyword(
                        arg=option, value=paths.path(state[f"{field_name}Path"], self.frame)
                    )
                )
        if state.get("Retry"):
            options.append(ast.keyword(arg="retry", value=self.parts.retry(state["Retry"])))
        return options

    def _result(
        self, name: str, state: dict[str, Any], call: ast.expr, result_key: str | None
    ) -> list[Stmt]:
        """ResultSelector, ResultPath and OutputPath around a call's result."""
        selector = state.get("ResultSelector")
        result_path = state.get("ResultPath", "$")
        output_path = state.get("OutputPath", "$")
        assigned = state.get("Assign")
        if result_path is None:
            selector = None  # the selected result would be dropped: only the call matters
        if result_key is not None:
            # lambda:invoke's result is {"Payload": ..., "StatusCode": ...}; calling the
            # Function gives the Payload, `.invoke()` the whole response, as the state reads it.
            prefix = f"$.{result_key}"
            readers = [r for r in (selector, assigned) if r is not None]
            under = all(_reads_only_under(r, prefix) for r in readers)
            if under and (selector is not None or result_path is None):
                selector = _strip_prefix(selector, prefix) if selector is not None else None
                assigned = _strip_prefix(assigned, prefix) if assigned is not None else None
            elif under and result_path == "$" and _under(str(output_path), prefix):
                output_path = "$" + str(output_path)[len(prefix) :]
                assigned = _strip_prefix(assigned, prefix) if assigned is not None else None
            else:
                call = _whole_response(call)
        statements: list[Stmt] = []
        if selector is not None or assigned:
            result = paths.name("result")
            statements.append(simple(assign(result, call), name))
            statements.extend(self._assignments(assigned, self.frame.rebased(result)))
            value = (
                dataflow.selected({"ResultSelector": selector}, result, self.frame)
                if selector is not None
                else paths.name("result")
            )
            statements.extend(dataflow.place(state, value, self.frame, None))
        else:
            statements.extend(dataflow.place(state, call, self.frame, name))
        statements.extend(dataflow.output({"OutputPath": output_path}, self.frame))
        if statements and statements[0].state is None:
            statements[0].state = name
        return statements

    def _assignments(self, assigned: Any, frame: Frame) -> list[Stmt]:
        """A JSONPath Assign: each variable from `$` (the state's result) and the old values,
        all at once, as ASL binds them: one tuple assignment for several variables."""
        if not assigned:
            return []
        if not isinstance(assigned, dict):
            raise Unsupported("Assign must be an object")
        names: list[ast.expr] = []
        values: list[ast.expr] = []
        for key, value in assigned.items():
            variable = key[:-2] if key.endswith(".$") else key
            names.append(ast.Name(id=paths.variable_name(variable), ctx=ast.Store()))
            values.append(
                paths.value_of(value, frame)
                if key.endswith(".$") and isinstance(value, str)
                else paths.template(value, frame)
            )
        if len(names) == 1:
            return [simple(ast.Assign(targets=names, value=values[0], lineno=0))]
        target = ast.Tuple(elts=names, ctx=ast.Store())
        return [
            simple(
                ast.Assign(targets=[target], value=ast.Tuple(elts=values, ctx=ast.Load()), lineno=0)
            )
        ]

    def _pass(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        if "Result" in state:
            value: ast.expr = literal(state["Result"])
        elif "Parameters" in state:
            value = paths.template(state["Parameters"], dataflow.input_frame(state, self.frame))
        else:
            value = dataflow.effective_input(state, self.frame)
        # The variables are bound from the values before the state's output replaces data.
        statements = self._assignments(state.get("Assign"), self.frame.rebased(value))
        changes_data = any(
            key in state
            for key in ("Result", "Parameters", "InputPath", "ResultPath", "OutputPath")
        )
        if changes_data or not statements:
            statements.extend(dataflow.place(state, value, self.frame, None))
            statements.extend(dataflow.output(state, self.frame))
        if not statements:
            data = paths.name(self.frame.data)
            statements = [simple(assign(data, paths.name(self.frame.data)))]
        statements[0].state = name
        return statements

    def _wait(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        frame_in = dataflow.input_frame(state, self.frame)
        if "Seconds" in state:
            keyword = ast.keyword(arg="seconds", value=ast.Constant(state["Seconds"]))
        elif "SecondsPath" in state:
            keyword = ast.keyword(arg="seconds", value=paths.path(state["SecondsPath"], frame_in))
        elif "Timestamp" in state:
            keyword = ast.keyword(arg="until", value=ast.Constant(state["Timestamp"]))
        elif "TimestampPath" in state:
            keyword = ast.keyword(arg="until", value=paths.path(state["TimestampPath"], frame_in))
        else:
            raise Unsupported("a Wait without Seconds or Timestamp")
        self.parts.imports.add("wait")
        call = ast.Call(func=paths.name("wait"), args=[], keywords=[keyword])
        statements = [simple(ast.Expr(value=call), name)]
        statements.extend(
            self._assignments(
                state.get("Assign"), self.frame.rebased(dataflow.effective_input(state, self.frame))
            )
        )
        effective = state.get("InputPath", "$")
        if effective != "$":
            value = dataflow.effective_input(state, self.frame)
            statements.append(simple(assign(paths.name(self.frame.data), value)))
        statements.extend(dataflow.output(state, self.frame))
        return statements

    def _fail(self, name: str, state: dict[str, Any]) -> Stmt:
        def part(field_name: str) -> ast.expr | None:
            if field_name in state:
                return ast.Constant(state[field_name])
            if f"{field_name}Path" in state:
                return paths.value_of(state[f"{field_name}Path"], self.frame)
            return None

        error, cause = part("Error"), part("Cause")
        self.parts.imports.add("Fail")
        # In an except block, `from None`: the Fail is the workflow's error, not a second one
        # raised while handling the first (what ruff's B904 asks for).
        context = ast.Constant(None) if self.handlers else None
        return simple(ast.Raise(exc=_fail_call(error, cause), cause=context), name)

    def _parallel(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        return self._result(name, state, self._parallel_call(state, self._state_input(state)), None)

    def _parallel_call(self, state: dict[str, Any], value_in: ast.expr) -> ast.expr:
        """`parallel(branch_a, branch_b)`, each branch a nested function given `value_in`."""
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            raise Unsupported("a Parallel without Branches")
        names: list[ast.expr] = []
        for branch in branches:
            function, fn_name = self._nested_function(branch, value_in, parameter=False)
            self.functions.append(function)
            names.append(paths.name(fn_name))
        self.parts.imports.add("parallel")
        keywords = []
        if state.get("Retry"):
            keywords.append(ast.keyword(arg="retry", value=self.parts.retry(state["Retry"])))
        return ast.Call(func=paths.name("parallel"), args=names, keywords=keywords)

    def _map(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        frame_in = dataflow.input_frame(state, self.frame)
        items = paths.path(state.get("ItemsPath", "$"), frame_in)
        selector = state.get("ItemSelector", state.get("Parameters"))
        # `$$.Map.Item.Index` is the index of enumerate(), which flowdsl puts in ItemSelector.
        reads_index = "$$.Map.Item.Index" in json.dumps(selector)
        comprehension = self._map_call(
            state,
            items,
            None if selector is None else lambda item: paths.template(selector, item),
            reads_index=reads_index,
            base=frame_in.base,
            frame_in=frame_in,
        )
        return self._result(name, state, comprehension, None)

    def _map_call(
        self,
        state: dict[str, Any],
        items: ast.expr,
        selected: Callable[[Frame], ast.expr] | None,
        *,
        reads_index: bool,
        base: ast.expr | None = None,
        frame_in: Frame | None = None,
    ) -> ast.expr:
        """`[process(item) for item in items]` over a nested function of the processor;
        `selected` writes the ItemSelector in the frame of one item (None: the item itself);
        `frame_in` is the JSONPath state's input frame (a Distributed Map's reader reads it)."""
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if not isinstance(processor, dict):
            raise Unsupported("a Map without ItemProcessor")
        is_distributed = distributed.is_distributed(processor)
        if is_distributed and frame_in is None:
            raise Unsupported("a JSONata Distributed Map has no import yet")
        for field_name in ("ItemReader", "ItemBatcher", "ResultWriter", "MaxConcurrencyPath"):
            if field_name in state and not is_distributed:
                raise Unsupported(f"a Map with {field_name} has no import yet")
        if state.get("Retry"):
            raise Unsupported("Retry on a Map has no flowdsl form yet")
        concurrency = state.get("MaxConcurrency")
        if concurrency and not isinstance(concurrency, int):
            raise Unsupported("a computed MaxConcurrency has no flowdsl form yet")
        item_variable = self._fresh("item")
        index_variable = self._fresh("index") if reads_index else None
        item_frame = Frame(
            data=self.frame.data,
            item=item_variable,
            index=index_variable,
            variables=self.frame.variables,
            base=base,
        )
        argument = selected(item_frame) if selected is not None else paths.name(item_variable)
        function, fn_name = self._nested_function(processor, None, parameter=True)
        loop_items: ast.expr = items
        if is_distributed and frame_in is not None:  # distributed.py
            loop_items, imports = distributed.items_call(state, processor, items, frame_in)
            self.parts.imports.update(imports)
            argument = distributed.batch_argument(state, argument)
        elif concurrency:
            self.parts.imports.add("map_over")
            limit = ast.keyword(arg="max_concurrency", value=ast.Constant(concurrency))
            loop_items = ast.Call(func=paths.name("map_over"), args=[items], keywords=[limit])
        target: ast.expr = ast.Name(id=item_variable, ctx=ast.Store())
        if index_variable is not None:
            target = ast.Tuple(
                elts=[ast.Name(id=index_variable, ctx=ast.Store()), target], ctx=ast.Store()
            )
            loop_items = ast.Call(func=paths.name("enumerate"), args=[loop_items], keywords=[])
        self.functions.append(function)
        return ast.ListComp(
            elt=ast.Call(func=paths.name(fn_name), args=[argument], keywords=[]),
            generators=[ast.comprehension(target=target, iter=loop_items, ifs=[], is_async=0)],
        )

    def _state_input(self, state: dict[str, Any]) -> ast.expr:
        frame_in = dataflow.input_frame(state, self.frame)
        if "Parameters" in state:
            return paths.template(state["Parameters"], frame_in)
        return dataflow.effective_input(state, self.frame)

    def _nested_function(
        self, graph_doc: dict[str, Any], value_in: ast.expr | None, *, parameter: bool
    ) -> tuple[Stmt, str]:
        states = graph_doc.get("States")
        start = graph_doc.get("StartAt")
        if not isinstance(states, dict) or not isinstance(start, str):
            raise Unsupported("a branch without StartAt and States")
        fn_name = self.parts.function_name(f"process {start}" if parameter else f"{start} branch")
        data = self._fresh("item" if parameter else "branch")
        frame = Frame(data=data, variables=set(self.frame.variables))
        writer = self._nested_writer(Graph(states, start), frame)
        writer.taken = {*self.taken, data}
        body = writer.write()
        if value_in is not None:
            body.insert(0, simple(assign(paths.name(data), value_in)))
        header = f"def {fn_name}({data}):" if parameter else f"def {fn_name}():"
        return block(header, body), fn_name

    def _nested_writer(self, graph: Graph, frame: Frame) -> ScopeWriter:
        """The writer of a branch or a Map's processor (of this writer's kind)."""
        return ScopeWriter(graph, frame, self.parts, self.depth + 1)

    def _fresh(self, base: str) -> str:
        name, n = base, 2
        while name in self.taken:
            name, n = f"{base}_{n}", n + 1
        return name


def _effects(holder: dict[str, Any]) -> bool:
    """A Choice rule (or state) sets variables or, in JSONata, the output."""
    return bool(holder.get("Assign")) or "Output" in holder


def _fail_call(error: ast.expr | None, cause: ast.expr | None) -> ast.expr:
    args = [a for a in (error, cause) if a is not None]
    if error is None and cause is not None:
        return ast.Call(
            func=paths.name("Fail"), args=[], keywords=[ast.keyword(arg="cause", value=cause)]
        )
    return ast.Call(func=paths.name("Fail"), args=args, keywords=[])


def _strip_prefix(template: Any, prefix: str) -> Any:
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            if key.endswith(".$") and isinstance(value, str) and value.startswith("$"):
                if not _under(value, prefix):
                    raise Unsupported(
                        f"ResultSelector reads {value!r} outside the function's Payload"
                    )
                out[key] = "$" + value[len(prefix) :]
            else:
                out[key] = _strip_prefix(value, prefix)
        return out
    if isinstance(template, list):
        return [_strip_prefix(v, prefix) for v in template]
    return template


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _reads_only_under(template: Any, prefix: str) -> bool:
    if isinstance(template, dict):
        return all(
            _under(v, prefix)
            if k.endswith(".$")
            and isinstance(v, str)
            and v.startswith("$")
            and not v.startswith("$$")
            else _reads_only_under(v, prefix)
            for k, v in template.items()
        )
    if isinstance(template, list):
        return all(_reads_only_under(v, prefix) for v in template)
    return True


def _whole_response(call: ast.expr) -> ast.expr:
    """`fn(payload)` -> `fn.invoke(payload)`: the whole lambda:invoke response."""
    assert isinstance(call, ast.Call)
    method = ast.Attribute(value=call.func, attr="invoke", ctx=ast.Load())
    return ast.Call(func=method, args=call.args, keywords=call.keywords)


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


def _function_hint(arn: str) -> str:
    if arn.startswith("${") and arn.endswith("}"):
        return arn[2:-1]
    tail = arn.split(":function:")[-1] if ":function:" in arn else arn
    return tail.split(":")[0]
