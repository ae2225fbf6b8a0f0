"""Lowering the low-level form, `asl_states({...}, input=...)` and `asl_state("Name", {...})`.

The literal runs as the only branch of a Parallel state, which gives it what a literal needs
and Python cannot rewire: a scope of its own, where its `End` and Succeed states end the
literal (not the workflow) and its `Next`s stay as written; an input (the Parallel's
Arguments/Parameters become the branch's input); and a result (the branch's output is the
Parallel's one-element result). Errors it raises leave the Parallel with the same name and
cause, so an enclosing try/except catches them as it would catch a Task's.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-parallel.html
"""

from __future__ import annotations

import ast
import json
import re
from typing import TYPE_CHECKING, Any

from flowdsl.asl.variable_reads import variables_read
from flowdsl.dsl.resources import Resource
from flowdsl.errors import CompileError
from flowdsl.frontend.parallel import add_parallel
from flowdsl.frontend.statics import evaluate_static
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g

if TYPE_CHECKING:
    from flowdsl.frontend.statements import ScopeLowering

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_.:-]+)\}")
# What a sub-graph holds besides its states: the rest of a definition belongs to @workflow.
_SUBGRAPH_KEYS = ("StartAt", "States", "Comment")
_WORKFLOW_KEYS = ("QueryLanguage", "TimeoutSeconds", "Version")
MAX_STATE_NAME = 80  # https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html


def lower_literal(
    scope: ScopeLowering,
    stmt: ast.stmt,
    call: ast.Call,
    form: str,
    next_id: str,
    *,
    targets: ast.expr | None,
    output: bool,
) -> str:
    states, start, input_node = _read_call(scope, call, form)
    state_id = scope.new_id(stmt, scope.call_name(stmt, call))
    literals = [
        g.Literal(
            scope.shared.names.fixed(call, name, order),
            scope.source.location(call),
            body=body,
            reads=frozenset(variables_read(body)),
        )
        for order, (name, body) in enumerate(states.items(), start=1)
    ]
    for literal in literals:
        _check_reads(scope, call, literal.reads)
    _check_assigns(scope, call, states)
    _use_placeholders(scope, call, states)
    ids = {name: literal.name for name, literal in zip(states, literals, strict=True)}
    branch_start = ids[start]
    arguments: Any = ir.Const({})
    if input_node is not None:
        arguments = scope.exprs().translate(input_node)
    branch_states: list[g.State] = list(literals)
    if scope.shared.query_language == "JSONPath" and not _is_template(arguments):
        # JSONPath's Parameters is an object: the value travels as {"value": ...} and a Pass
        # in front of the literal unwraps it (InputPath), so `$` of the literal's first
        # state is the value itself.
        # https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
        arguments = ir.ObjectOf((("value", arguments),))
        unwrap_id = scope.new_id(call, "input", use_comment=False, part_of=state_id)
        unwrap = {"Type": "Pass", "InputPath": "$.value", "Next": start}
        branch_states.insert(0, g.Literal(unwrap_id, scope.source.location(call), body=unwrap))
        branch_start = unwrap_id
    value: ir.Expr = ir.Index(ir.StateResult(), ir.Const(0))
    assign: tuple[tuple[str, ir.Expr], ...] = ()
    if targets is not None:
        assign = ((scope.bind(targets), value),)
    branch = g.Scope(branch_start, tuple(branch_states), comment=form)
    wrapper = g.Parallel(
        state_id, scope.source.location(stmt), branches=(branch,), arguments=arguments
    )
    return add_parallel(scope, wrapper, next_id, assign=assign, value=value if output else None)


def _read_call(
    scope: ScopeLowering, call: ast.Call, form: str
) -> tuple[dict[str, dict[str, Any]], str, ast.expr | None]:
    """The literal's states by name, its start, and the `input=` expression."""
    positional = 1 if form == "asl_states" else 2
    usage = (
        'asl_states({"StartAt": "A", "States": {...}}, input=value)'
        if form == "asl_states"
        else 'asl_state("Name", {"Type": "Task", ...}, input=value)'
    )
    input_node: ast.expr | None = None
    for keyword in call.keywords:
        if keyword.arg != "input":
            raise _error(
                scope, "FD185", keyword, f"{form}() takes no option {keyword.arg!r}", usage
            )
        input_node = keyword.value
    if len(call.args) != positional:
        raise _error(
            scope, "FD185", call, f"{form}() takes {positional} positional argument(s)", usage
        )
    if form == "asl_state":
        name = _static(scope, call.args[0])
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_STATE_NAME:
            raise _error(
                scope,
                "FD185",
                call.args[0],
                f"the state's name is a string of 1 to {MAX_STATE_NAME} characters",
                usage,
            )
        state = _static(scope, call.args[1])
        if isinstance(state, dict):
            for field in ("Next", "End"):
                if field in state:
                    raise _error(
                        scope,
                        "FD186",
                        _key_node(call.args[1], field),
                        f"flowdsl writes the {field} of an asl_state(): the workflow goes on "
                        "with the next statement",
                        f"remove {field!r}; for states that lead to each other use asl_states()",
                    )
        body = {**_state(scope, call, state)}
        if body["Type"] == "Choice":
            raise _error(
                scope,
                "FD186",
                call.args[1],
                "a Choice goes to other states, which an asl_state() has none of",
                "write the Choice with its targets in asl_states(), or as an if statement",
            )
        if body["Type"] not in ("Succeed", "Fail"):  # those end without End
            body["End"] = True
        definition: Any = {"StartAt": name, "States": {name: body}}
    else:
        definition = _static(scope, call.args[0])
        _check_subgraph(scope, call.args[0], definition)
    states = definition["States"]
    for name, body in states.items():
        _state(scope, call, body, name)
    return states, definition["StartAt"], input_node


def _check_subgraph(scope: ScopeLowering, node: ast.expr, definition: Any) -> None:
    usage = '{"StartAt": "First", "States": {"First": {...}, ...}}'
    if not isinstance(definition, dict):
        raise _error(scope, "FD186", node, "asl_states() takes a dict: the sub-graph", usage)
    for key in definition:
        if key in _WORKFLOW_KEYS:
            raise _error(
                scope,
                "FD186",
                _key_node(node, key),
                f"{key} belongs to the whole workflow, not to a sub-graph",
                "set it in @workflow(...) (query_language=, timeout_seconds=), or drop it",
            )
        if key not in _SUBGRAPH_KEYS:
            raise _error(
                scope, "FD186", _key_node(node, key), f"a sub-graph has no field {key!r}", usage
            )
    states = definition.get("States")
    if not isinstance(states, dict) or not states:
        raise _error(scope, "FD186", node, "a sub-graph needs States, an object of states", usage)
    start = definition.get("StartAt")
    if not isinstance(start, str) or start not in states:
        raise _error(
            scope,
            "FD186",
            _key_node(node, "StartAt"),
            "StartAt must name one of the sub-graph's States",
            f"one of: {', '.join(sorted(map(str, states)))}",
        )


def _state(scope: ScopeLowering, call: ast.Call, body: Any, name: str = "") -> dict[str, Any]:
    where = f"state {name!r}" if name else "the state"
    if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
        raise _error(
            scope,
            "FD186",
            call,
            f"{where} must be an object with a Type",
            '{"Type": "Task", "Resource": "arn:...", ...}',
        )
    try:
        json.dumps(body, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise _error(
            scope, "FD186", call, f"{where} is not JSON: {exc}", "use str, numbers, lists, dicts"
        ) from None
    return body


def _use_placeholders(
    scope: ScopeLowering, call: ast.Call, states: dict[str, dict[str, Any]]
) -> None:
    """A `${Name}` in the literal that is a declared resource's placeholder puts the resource
    in substitutions.json (and its ARN in the IAM), as a call of the resource would. Any other
    `${...}` stays literal text, as a literal ARN does, for the deployment to fill in."""
    declared = {
        value.placeholder: value
        for value in scope.symbols.globals.values()
        if isinstance(value, Resource) and value.placeholder
    }
    for placeholder in sorted(set(_PLACEHOLDER.findall(json.dumps(states)))):
        if placeholder in declared:
            scope.use_resource(declared[placeholder], call)


def _check_reads(scope: ScopeLowering, call: ast.Call, reads: frozenset[str]) -> None:
    """A workflow variable whose ASL name is not its Python name (a JSONata function's name,
    a name rebound in an inner scope) cannot be read by its Python name in literal ASL."""
    for name in sorted(reads):
        if scope.symbols.is_variable(name) and scope.symbols.asl_name(name) != name:
            raise _error(
                scope,
                "FD187",
                call,
                f"the literal ASL reads ${name}, but the workflow variable {name!r} is "
                f"${scope.symbols.asl_name(name)} in ASL",
                f"pass it in: input={{{name!r}: {name}}}, and read $.{name} "
                f"($states.input.{name} in JSONata)",
            )


def _check_assigns(scope: ScopeLowering, call: ast.Call, node: Any) -> None:
    """The literal runs in a scope of its own (a Parallel branch): a variable it assigns is
    gone after it, and ASL does not let an inner scope assign an outer scope's variable.
    https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html"""
    if isinstance(node, list):
        for item in node:
            _check_assigns(scope, call, item)
    if not isinstance(node, dict):
        return
    assigned = node.get("Assign")
    for key in assigned if isinstance(assigned, dict) else ():
        name = key[:-2] if key.endswith(".$") else key
        if scope.symbols.is_variable(name):
            raise _error(
                scope,
                "FD186",
                call,
                f"the literal ASL assigns ${name}, a variable of the workflow; a literal "
                "runs in a scope of its own, so the workflow would not see the change",
                f"return the value from the literal and assign it: {name} = asl_states(...)",
            )
    for value in node.values():
        _check_assigns(scope, call, value)


def _is_template(value: Any) -> bool:
    return isinstance(value, ir.ObjectOf) or (
        isinstance(value, ir.Const) and isinstance(value.value, dict)
    )


def _static(scope: ScopeLowering, node: ast.expr) -> Any:
    return evaluate_static(node, scope.symbols, scope.source)


def _key_node(node: ast.expr, key: str) -> ast.AST:
    """The key's own node in a dict display, so the caret points at it."""
    if isinstance(node, ast.Dict):
        for key_node in node.keys:
            if isinstance(key_node, ast.Constant) and key_node.value == key:
                return key_node
    return node


def _error(
    scope: ScopeLowering, code: str, node: ast.AST, message: str, hint: str | None = None
) -> CompileError:
    return scope.error(code, node, message, hint)
