"""The front end's entry point: one @workflow function -> an IR WorkflowGraph (names final)."""

from __future__ import annotations

import ast
from typing import Any

from flowdsl.dsl.workflow import Workflow
from flowdsl.errors import CompileError
from flowdsl.frontend.naming import NameTable, unused_comments
from flowdsl.frontend.source import ModuleSource
from flowdsl.frontend.statements import ScopeLowering, Shared
from flowdsl.frontend.symbols import Symbols, annotation_type
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.fold import fold
from flowdsl.ir.graph import END
from flowdsl.ir.naming import assign_names
from flowdsl.ir.state_data import keep_input_in_state_data


def lower_workflow(
    workflow: Workflow, source: ModuleSource, module_globals: dict[str, Any]
) -> g.WorkflowGraph:
    """Lower one workflow; raises CompileError with every problem found in it."""
    fn = source.function(workflow.function.__name__, workflow.line)
    shared = Shared(
        source,
        NameTable(source),
        workflow_type=workflow.type,
        query_language=workflow.query_language,
    )
    shared.bound_names.update(
        node.id if isinstance(node, ast.Name) else node.arg
        for node in ast.walk(fn)
        if (isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store))
        or isinstance(node, ast.arg)
    )
    scope = ScopeLowering(shared, Symbols(module_globals), "workflow")
    params = fn.args
    if (
        params.posonlyargs
        or params.kwonlyargs
        or params.vararg
        or params.kwarg
        or len(params.args) > 1
        or params.defaults
    ):
        raise CompileError.at(
            "FD102",
            "a workflow takes at most one parameter: the execution's input",
            source.location(params.args[1] if len(params.args) > 1 else fn),
            "def my_flow(order): ... and read fields with order['OrderId']",
        )
    body = fn.body
    entry: str
    if params.args:
        param = params.args[0]
        name = scope.bind(
            ast.Name(param.arg, ast.Store(), lineno=param.lineno, col_offset=param.col_offset),
            annotation_type(param.annotation),
        )
        prologue = shared.names.new(fn, f"{param.arg} = input", sub_order=-1)
        start_hole = scope.new_hole()
        scope.add(
            g.Pass(
                prologue, source.location(param), next=start_hole, assign=((name, ir.StateInput()),)
            )
        )
        shared.holes[start_hole] = scope.lower_block(body, END)
        entry = prologue
    else:
        entry = scope.lower_block(body, END)
    # A statement that failed to lower made no state, so its `# state:` comment named none:
    # only comments outside failed statements are reported.
    shared.diagnostics.extend(
        d
        for d in unused_comments(shared.names, fn)
        if d.location is None or d.location.line not in shared.failed_lines
    )
    if shared.diagnostics:
        raise CompileError(shared.diagnostics)
    top = scope.finish(entry, fn)
    if shared.diagnostics:
        raise CompileError(shared.diagnostics)
    graph = g.WorkflowGraph(
        name=workflow.name,
        comment=workflow.comment,
        query_language=workflow.query_language,
        type=workflow.type,
        timeout_seconds=workflow.timeout_seconds,
        body=top,
        loc=source.location(fn),
        resources=tuple(
            sorted((key, resource.value_template()) for key, resource in shared.resources.items())
        ),
        bindings=tuple(
            sorted(
                (
                    (key, binding)
                    for key, resource in shared.resources.items()
                    if (binding := resource.binding()) is not None
                ),
                key=lambda pair: pair[0],
            )
        ),
        warnings=tuple(
            sorted(
                shared.warnings.values(),
                key=lambda d: (d.location.line, d.location.column, d.code) if d.location else (),
            )
        ),
    )
    named = assign_names(graph, shared.names.requests)
    explicit = frozenset(r.desired for r in shared.names.requests.values() if r.explicit)
    return keep_input_in_state_data(fold(named, explicit), explicit)
