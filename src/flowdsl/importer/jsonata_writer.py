"""One scope of a definition with JSONata states, written as Python.

The control flow (if/while/try, branches, Map processors) is `writer.ScopeWriter`'s; this
writer adds what a JSONata state says: `Arguments` (the call's arguments), `Output` (what
`data`, the state's output, becomes; by default the result, or the input for Pass, Wait and
Choice), `Assign` (variables; evaluated with `Output` against the values from before the
state), `Condition`, `Items`/`ItemSelector`, computed `Seconds`/`Timestamp`,
`TimeoutSeconds`/`HeartbeatSeconds`, and a Catch's `Assign`/`Output` over the error output.
States in JSONPath (a state's own `QueryLanguage`) are left to the JSONPath writer: both keep
the state's data in the same variable, so the two mix.
Fields: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
Variables: https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
"""

from __future__ import annotations

import ast
import json
from typing import Any

from flowdsl.importer import calls, dataflow, paths
from flowdsl.importer.code import Stmt, assign, simple
from flowdsl.importer.conditions import Condition
from flowdsl.importer.jsonata_expr import (
    Scope,
    expression,
    is_expression,
    reads_variables,
    result_steps,
    value,
)
from flowdsl.importer.jsonata_functions import without_bool
from flowdsl.importer.jsonata_liveness import live_inputs, output_read
from flowdsl.importer.parts import ModuleParts
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported
from flowdsl.importer.structure import Graph
from flowdsl.importer.writer import ScopeWriter, _fail_call, _function_hint

_ABSENT = object()


def uses_jsonata(asl: dict[str, Any]) -> bool:
    """The definition, or one of its states at any depth, is in JSONata."""
    if asl.get("QueryLanguage") == "JSONata":
        return True
    states = asl.get("States")
    for state in states.values() if isinstance(states, dict) else []:
        if not isinstance(state, dict):
            continue
        nested = [
            *(state.get("Branches") or []),
            state.get("ItemProcessor") or state.get("Iterator"),
        ]
        if state.get("QueryLanguage") == "JSONata" or any(
            isinstance(scope, dict) and uses_jsonata(scope) for scope in nested
        ):
            return True
    return False


class JsonataCondition(Condition):
    """A JSONata Choice rule's `Condition` as the Python test."""

    def of(self, rule: dict[str, Any]) -> ast.expr:
        test = rule.get("Condition")
        if isinstance(test, bool):
            return ast.Constant(test)
        if not isinstance(test, str) or not is_expression(test):
            raise Unsupported("a JSONata Choice rule needs a Condition")
        return without_bool(expression(test, Scope(self.frame)))


class JsonataScopeWriter(ScopeWriter):
    """`language` is the definition's QueryLanguage: the one of a state that names none."""

    def __init__(
        self,
        graph: Graph,
        frame: Frame,
        parts: ModuleParts,
        depth: int = 0,
        language: str = "JSONata",
    ) -> None:
        super().__init__(graph, frame, parts, depth)
        self.language = language
        self.live = live_inputs(graph.states, language)  # states whose input is read
        self.jsonata_catchers: set[int] = set()  # the Catch rules of JSONata states
        self.jsonata = language == "JSONata"  # the state being written is in JSONata

    def _is_jsonata(self, state: dict[str, Any]) -> bool:
        return state.get("QueryLanguage", self.language) == "JSONata"

    def _nested_writer(self, graph: Graph, frame: Frame) -> ScopeWriter:
        return JsonataScopeWriter(graph, frame, self.parts, self.depth + 1, self.language)

    def _state(self, name: str, out: list[Stmt], loop: Any) -> str | None:
        self.jsonata = self._is_jsonata(self.graph.states[name])
        return super()._state(name, out, loop)

    def _condition(self) -> Condition:
        return JsonataCondition(self.frame) if self.jsonata else super()._condition()

    def _simple_state(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        self.jsonata = self._is_jsonata(state)
        if not self.jsonata:
            return super()._simple_state(name, state)
        self.jsonata_catchers.update(id(c) for c in state.get("Catch") or [])
        kind = state.get("Type")
        if kind == "Task":
            return self._task_jsonata(name, state)
        if kind == "Pass":
            return self._pass_jsonata(name, state)
        if kind == "Wait":
            return self._wait_jsonata(name, state)
        if kind == "Succeed":
            output = state.get("Output", _ABSENT)
            returned = (
                paths.name(self.frame.data)
                if output is _ABSENT
                else value(output, Scope(self.frame))
            )
            return [simple(ast.Return(value=returned), name)]
        if kind == "Fail":
            return [self._fail_jsonata(name, state)]
        if kind == "Parallel":
            return self._parallel_jsonata(name, state)
        if kind == "Map":
            return self._map_jsonata(name, state)
        raise Unsupported(f"unknown state type {kind!r}")

    # -- Assign and Output ----------------------------------------------------------------

    def _assignments(self, assigned: Any, frame: Frame) -> list[Stmt]:
        # Called by the JSONPath writer's Choice for each rule: a JSONPath Assign has `.$`
        # keys, a JSONata one `{% %}` values (literal values mean the same in both).
        if isinstance(assigned, dict) and any(k.endswith(".$") for k in assigned):
            return super()._assignments(assigned, frame)
        return self._bindings(assigned, _ABSENT, Scope(frame), None)

    def _arm(self, holder: dict[str, Any], frame: Frame) -> list[Stmt]:
        # A matched JSONata rule (or the Default) sets its variables and the state's output.
        if "Output" not in holder:
            return super()._arm(holder, frame)
        return self._bindings(holder.get("Assign"), holder["Output"], Scope(frame), None)

    def _bindings(
        self, assigned: Any, output: Any, scope: Scope, default: ast.expr | None
    ) -> list[Stmt]:
        """Assign and Output, both from the values before the state: `data` becomes Output
        (or `default`; None leaves it as it is)."""
        if assigned is not None and not isinstance(assigned, dict):
            raise Unsupported("Assign must be an object")
        names: list[str] = []
        values: list[ast.expr] = []
        for key, item in (assigned or {}).items():
            names.append(paths.variable_name(key))
            values.append(value(item, scope))
        data = self.frame.data
        new_data = value(output, scope) if output is not _ABSENT else default
        if new_data is not None and names and reads_variables(output) & set(assigned or {}):
            # Output reads a variable this state assigns: it must see the old value.
            names.append(data)
            values.append(new_data)
            new_data = None
        statements: list[Stmt] = []
        if names:
            targets: list[ast.expr] = [ast.Name(id=n, ctx=ast.Store()) for n in names]
            target: ast.expr = (
                targets[0] if len(targets) == 1 else ast.Tuple(elts=targets, ctx=ast.Store())
            )
            both = values[0] if len(values) == 1 else ast.Tuple(elts=values, ctx=ast.Load())
            statements.append(simple(ast.Assign(targets=[target], value=both, lineno=0)))
        if new_data is not None and not (isinstance(new_data, ast.Name) and new_data.id == data):
            statements.append(simple(assign(paths.name(data), new_data)))
        return statements

    def _finish(
        self, name: str, state: dict[str, Any], call: ast.expr, prefix: tuple[str, ...] = ()
    ) -> list[Stmt]:
        """A call's result through Assign and Output; by default the output is the result,
        left out where no later state reads it."""
        output = state.get("Output", _ABSENT)
        assigned = state.get("Assign")
        read = output is not _ABSENT or output_read(state, self.live)
        if not assigned:
            if not read:
                return dataflow.place({"ResultPath": None}, call, self.frame, name)
            if output is _ABSENT:
                return [simple(assign(paths.name(self.frame.data), call), name)]
        result = paths.name("result")
        scope = Scope(self.frame, result=result, result_prefix=prefix)
        default = paths.name("result") if read else None
        bindings = self._bindings(assigned, output, scope, default)
        only = bindings[0].node if len(bindings) == 1 else None
        if (
            isinstance(only, ast.Assign)
            and isinstance(only.targets[0], ast.Name)
            and isinstance(only.value, ast.Name)
            and only.value.id == "result"
        ):
            # `x = call(...)`: the one variable is the whole result, which nothing else reads.
            return [simple(assign(paths.name(only.targets[0].id), call), name)]
        return [simple(assign(result, call), name), *bindings]

    def _handler(self, catcher: dict[str, Any]) -> tuple[str | None, list[Stmt]]:
        if id(catcher) not in self.jsonata_catchers:
            return super()._handler(catcher)
        # The error output is `$states.errorOutput` and, by default, the state's output.
        scope = Scope(self.frame, error=paths.name("err"))
        output = catcher.get("Output", _ABSENT)
        # The error output is the state's output: kept where the handler's state reads it.
        read = catcher.get("Next") in self.live
        default = paths.name("err") if read else None
        handler = self._bindings(catcher.get("Assign"), output, scope, default)
        return ("err" if handler else None), handler

    # -- states ---------------------------------------------------------------------------

    def _task_jsonata(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        resource = state.get("Resource")
        if not isinstance(resource, str):
            raise Unsupported("a Task without a Resource string")
        if "Credentials" in state:
            raise Unsupported("a Task with Credentials has no flowdsl form yet")
        target = calls.target(resource, self.parts.declarations)
        scope = Scope(self.frame)
        options = self._options(state, target.pattern, scope)
        arguments = state.get("Arguments", _ABSENT)
        if target.style == "lambda":
            return self._lambda(name, state, arguments, options, scope)
        if target.style == "payload":
            payload = (
                value(arguments, scope) if arguments is not _ABSENT else paths.name(self.frame.data)
            )
            call = ast.Call(func=target.callee, args=[payload], keywords=options)
            return self._finish(name, state, call)
        if not isinstance(arguments, dict):
            raise Unsupported(
                "the Task's Arguments are not an object of parameters; write each parameter "
                "as a field of Arguments"
            )
        keywords = calls.keywords(arguments, lambda key, item, dynamic: value(item, scope))
        callee = target.callee
        if isinstance(callee, ast.Call):  # integration("http:invoke")
            call = ast.Call(func=callee.func, args=callee.args, keywords=keywords + options)
        else:
            call = ast.Call(func=callee, args=[], keywords=keywords + options)
        return self._finish(name, state, call)

    def _lambda(
        self,
        name: str,
        state: dict[str, Any],
        arguments: Any,
        options: list[ast.keyword],
        scope: Scope,
    ) -> list[Stmt]:
        function_name = arguments.get("FunctionName") if isinstance(arguments, dict) else None
        if not isinstance(function_name, str) or is_expression(function_name):
            raise Unsupported("lambda:invoke needs Arguments with a literal FunctionName")
        extra = set(arguments) - {"FunctionName", "Payload"}
        if extra:
            raise Unsupported(f"lambda:invoke arguments {sorted(extra)} have no flowdsl form yet")
        arn = arguments["FunctionName"]
        variable = self.parts.declarations.declare("Function", arn, _function_hint(arn))
        args = [value(arguments["Payload"], scope)] if "Payload" in arguments else []
        # Calling the Function gives the Payload; `.invoke()` the whole response. The Payload
        # is enough when the state's output and variables read only under it.
        readers = [state.get("Assign"), state.get("Output")]
        whole_read = "Output" not in state and output_read(state, self.live)
        under = not whole_read and all(
            steps[:1] == ("Payload",) for reader in readers for steps in result_steps(reader)
        )
        callee: ast.expr = paths.name(variable)
        if not under:
            callee = ast.Attribute(value=callee, attr="invoke", ctx=ast.Load())
        call = ast.Call(func=callee, args=args, keywords=options)
        return self._finish(name, state, call, ("Payload",) if under else ())

    def _options(self, state: dict[str, Any], pattern: str, scope: Scope) -> list[ast.keyword]:
        """The JSONPath writer's options, with TimeoutSeconds/HeartbeatSeconds as expressions."""
        timeouts = ("TimeoutSeconds", "HeartbeatSeconds")
        options = self._task_options({k: v for k, v in state.items() if k not in timeouts}, pattern)
        computed = [
            ast.keyword(arg=option, value=value(state[field_name], scope))
            for field_name, option in zip(
                timeouts, ("timeout_seconds", "heartbeat_seconds"), strict=True
            )
            if field_name in state
        ]
        retry = [o for o in options if o.arg == "retry"]
        return [o for o in options if o.arg != "retry"] + computed + retry

    def _pass_jsonata(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        if "Result" in state:
            raise Unsupported("a JSONata Pass with Result (JSONata states write Output)")
        output = state.get("Output", _ABSENT)
        statements = self._bindings(state.get("Assign"), output, Scope(self.frame), None)
        if not statements:
            data = paths.name(self.frame.data)
            statements = [simple(assign(data, paths.name(self.frame.data)))]
        statements[0].state = name
        return statements

    def _wait_jsonata(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        scope = Scope(self.frame)
        if "Seconds" in state:
            keyword = ast.keyword(arg="seconds", value=value(state["Seconds"], scope))
        elif "Timestamp" in state:
            keyword = ast.keyword(arg="until", value=value(state["Timestamp"], scope))
        else:
            raise Unsupported("a Wait without Seconds or Timestamp")
        self.parts.imports.add("wait")
        call = ast.Call(func=paths.name("wait"), args=[], keywords=[keyword])
        statements = [simple(ast.Expr(value=call), name)]
        output = state.get("Output", _ABSENT)
        statements.extend(self._bindings(state.get("Assign"), output, scope, None))
        return statements

    def _fail_jsonata(self, name: str, state: dict[str, Any]) -> Stmt:
        scope = Scope(self.frame)
        error = value(state["Error"], scope) if "Error" in state else None
        cause = value(state["Cause"], scope) if "Cause" in state else None
        self.parts.imports.add("Fail")
        context = ast.Constant(None) if self.handlers else None
        return simple(ast.Raise(exc=_fail_call(error, cause), cause=context), name)

    def _parallel_jsonata(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        arguments = state.get("Arguments", _ABSENT)
        value_in = (
            value(arguments, Scope(self.frame))
            if arguments is not _ABSENT
            else paths.name(self.frame.data)
        )
        return self._finish(name, state, self._parallel_call(state, value_in))

    def _map_jsonata(self, name: str, state: dict[str, Any]) -> list[Stmt]:
        items = value(state["Items"], Scope(self.frame)) if "Items" in state else None
        selector = state.get("ItemSelector", _ABSENT)
        comprehension = self._map_call(
            state,
            items if items is not None else self.frame.root(),
            None if selector is _ABSENT else lambda item: value(selector, Scope(item)),
            # `$states.context.Map.Item.Index` is enumerate()'s index, which flowdsl puts there.
            reads_index=selector is not _ABSENT and "Map.Item.Index" in json.dumps(selector),
        )
        return self._finish(name, state, comprehension)
