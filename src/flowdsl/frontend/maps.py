"""Lowering `for` loops and service-calling comprehensions into Map states (inline and
distributed); ScopeLowering delegates here because Map has the most options of any state."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from flowdsl.dsl import maps
from flowdsl.frontend import calls, mutations, parallel
from flowdsl.frontend.statics import evaluate_static
from flowdsl.frontend.symbols import Symbols
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.graph import END

if TYPE_CHECKING:
    from flowdsl.frontend.statements import ScopeLowering

# S3 sources of a Distributed Map: the ItemReader resource and reader configuration.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
_READERS: dict[Any, tuple[str, dict[str, str] | None, tuple[str, ...]]] = {
    maps.s3_objects: ("arn:aws:states:::s3:listObjectsV2", None, ("bucket", "prefix")),
    maps.s3_json: ("arn:aws:states:::s3:getObject", {"InputType": "JSON"}, ("bucket", "key")),
    maps.s3_csv: (
        "arn:aws:states:::s3:getObject",
        {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
        ("bucket", "key"),
    ),
}
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
_RESULT_WRITER = "arn:aws:states:::s3:putObject"
_DISTRIBUTED_OPTIONS = (
    "max_concurrency",
    "tolerated_failure_percentage",
    "tolerated_failure_count",
    "label",
    "execution_type",
    "batch_size",
    "results",
)


@dataclass
class MapOptions:
    items: ast.expr | None
    max_concurrency: int | None = None
    distributed: bool = False
    reader: Any = None
    settings: dict[str, Any] = field(default_factory=dict)
    results: Any = None


def lower_for(scope: ScopeLowering, stmt: ast.For, next_id: str) -> str:
    if stmt.orelse:
        raise scope.error("FD114", stmt.orelse[0], "for ... else is not supported")
    options, index_name, item_node = _loop_header(scope, stmt.target, stmt.iter)
    state_id = scope.new_id(stmt, f"for {scope.segment(stmt.target)} in {_label(scope, stmt.iter)}")
    collected = appended_lists(scope, stmt.body)
    body = [*stmt.body, _collecting_return(stmt, collected)] if collected else stmt.body
    state = _map_state(
        scope,
        stmt,
        state_id,
        options,
        index_name,
        item_node,
        body,
        None,
        next_id,
        assign=(),
        collected=collected,
    )
    if collected:
        # Each iteration outputs what it appended; the lists outside get it all, in order.
        state = _replace(
            state,
            assign=tuple(
                (
                    scope.bind(ast.Name(name, ast.Store()), "array"),
                    ir.Collected(ir.Var(scope.symbols.asl_name(name)), ir.StateResult(), name),
                )
                for name in collected
            ),
        )
    return scope.add(state)


def appended_lists(scope: ScopeLowering, body: list[ast.stmt]) -> tuple[str, ...]:
    """Lists defined outside a for loop that its body appends to (`results.append(x)`,
    `.extend(xs)`): a Map iteration cannot change them, so each collects its own."""
    names: set[str] = set()
    stack: list[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Attribute)
            and node.value.func.attr in ("append", "extend")
            and isinstance(node.value.func.value, ast.Name)
            and scope.symbols.is_variable(node.value.func.value.id)
        ):
            names.add(node.value.func.value.id)
        stack.extend(ast.iter_child_nodes(node))
    return tuple(sorted(names))


def _collecting_return(stmt: ast.For, names: tuple[str, ...]) -> ast.Return:
    """`return {"results": results, ...}` after the loop body: the iteration's appends."""
    last = stmt.body[-1]
    value = ast.Dict(
        keys=[ast.Constant(name) for name in names],
        values=[ast.Name(name, ast.Load()) for name in names],
    )
    collect = ast.Return(value=value)
    for node in ast.walk(collect):
        ast.copy_location(node, last)
        node.end_lineno, node.end_col_offset = last.end_lineno, last.end_col_offset  # type: ignore[attr-defined]
    collect.flowdsl_label = "collect " + ", ".join(names)  # type: ignore[attr-defined]
    return collect


def lower_comprehension_map(
    scope: ScopeLowering,
    stmt: ast.stmt,
    target: ast.expr | None,
    comp: ast.ListComp,
    next_id: str,
) -> str:
    """`[call(x) for x in items]` -> a Map whose result is the list (assigned to a variable or
    an item of one, `event["results"] = [...]`, or returned)."""
    if len(comp.generators) != 1 or comp.generators[0].ifs:
        raise scope.error(
            "FD116",
            comp,
            "a comprehension that calls a service takes one `for` and no `if`",
            "filter first: todo = [x for x in items if cond]",
        )
    gen = comp.generators[0]
    options, index_name, item_node = _loop_header(scope, gen.target, gen.iter)
    element = comp.elt.func if isinstance(comp.elt, ast.Call) else comp.elt
    state_id = scope.new_id(
        stmt,
        f"{scope.binding_label(stmt)}[{scope.segment(element)} for {scope.segment(gen.target)}]",
    )
    state = _map_state(
        scope,
        stmt,
        state_id,
        options,
        index_name,
        item_node,
        [],
        comp.elt,
        next_id if target is not None else END,
        assign=(),
    )
    if isinstance(target, ast.Subscript):
        root, changed = mutations.place_change(scope.exprs(), target, ir.StateResult())
        state = _replace(state, assign=((scope.bind_changed(root, changed), changed),))
    elif target is not None:
        state = _replace(state, assign=((scope.bind(target, "array"), ir.StateResult()),))
    else:
        state = _replace(state, output=ir.StateResult())
    return scope.add(state)


def _map_state(
    scope: ScopeLowering,
    stmt: ast.stmt,
    state_id: str,
    options: MapOptions,
    index_name: ast.Name | None,
    item: ast.Name,
    body: list[ast.stmt],
    element: ast.expr | None,
    next_id: str,
    assign: tuple[tuple[str, ir.Expr], ...],
    collected: tuple[str, ...] = (),
) -> g.Map:
    items = scope.exprs().translate(options.items) if options.items is not None else None
    if not options.distributed:
        inner = type(scope)(scope.shared, scope.symbols.child(), "map", scope.local_functions)
        processor = lower_map_processor(
            inner,
            stmt,
            index_name,
            item,
            body,
            output=element,
            carried=(),
            map_id=state_id,
            collected=collected,
        )
        return g.Map(
            state_id,
            scope.source.location(stmt),
            next=next_id,
            items=items,
            item_selector=_item_selector(index_name, ()),
            processor=processor,
            max_concurrency=options.max_concurrency,
            assign=assign,
        )
    # A Distributed Map's children are separate executions that see no outer variables:
    # the ones the body reads travel in each item (or once per batch, in BatchInput).
    carried = tuple(
        sorted(
            name
            for name in _names_read([*body, *([element] if element is not None else [])])
            if scope.symbols.is_variable(name)
            and name not in (item.id, getattr(index_name, "id", None))
        )
    )
    child = Symbols(scope.symbols.globals)
    for name in carried:
        child.bind(name, scope.symbols.type_of(name))
    inner = type(scope)(scope.shared, child, "map", scope.local_functions)
    batched = options.settings.get("batch_size") is not None
    processor = lower_map_processor(
        inner,
        stmt,
        None if batched else index_name,
        item,
        body,
        output=element,
        carried=carried,
        batched=batched,
        map_id=state_id,
    )
    values: dict[str, ir.Expr] = {name: ir.Var(scope.symbols.asl_name(name)) for name in carried}
    distributed = g.Distributed(
        execution_type=options.settings.get("execution_type", "STANDARD"),
        item_reader=_reader(scope, options.reader) if options.reader is not None else None,
        batch_size=options.settings.get("batch_size"),
        batch_input=ir.ObjectOf(tuple(values.items())) if batched and carried else None,
        result_writer=_writer(scope, options.results) if options.results is not None else None,
        tolerated_failure_percentage=options.settings.get("tolerated_failure_percentage"),
        tolerated_failure_count=options.settings.get("tolerated_failure_count"),
        label=options.settings.get("label"),
    )
    selector = _item_selector(None if batched else index_name, () if batched else carried, values)
    return g.Map(
        state_id,
        scope.source.location(stmt),
        next=next_id,
        items=items,
        item_selector=selector,
        processor=processor,
        max_concurrency=options.max_concurrency,
        assign=assign,
        distributed=distributed,
    )


def _reader(scope: ScopeLowering, call: ast.Call) -> dict[str, Any]:
    function, _ = calls.resolve_callee(call.func, scope.symbols)
    resource, config, allowed = _READERS[function]
    reader: dict[str, Any] = {"Resource": resource}
    if config:
        reader["ReaderConfig"] = dict(config)
    reader["Arguments"] = _s3_arguments(scope, call, allowed)
    return reader


def _writer(scope: ScopeLowering, call: ast.Call) -> dict[str, Any]:
    return {
        "Resource": _RESULT_WRITER,
        "Arguments": _s3_arguments(scope, call, ("bucket", "prefix")),
    }


def _s3_arguments(scope: ScopeLowering, call: ast.Call, allowed: tuple[str, ...]) -> dict[str, Any]:
    if call.args:
        raise scope.error(
            "FD117",
            call.args[0],
            "pass S3 locations by name",
            f"e.g. {scope.segment(call.func)}(bucket=..., {allowed[1]}=...)",
        )
    arguments: dict[str, Any] = {}
    for keyword in call.keywords:
        if keyword.arg not in allowed:
            raise scope.error(
                "FD117",
                keyword,
                f"{scope.segment(call.func)}() takes " + ", ".join(f"{a}=" for a in allowed),
            )
        arguments[keyword.arg.capitalize()] = scope.exprs().translate(keyword.value)
    if "Bucket" not in arguments:
        raise scope.error("FD117", call, f"{scope.segment(call.func)}() needs bucket=")
    return arguments


def _map_items(scope: ScopeLowering, node: ast.expr) -> MapOptions:
    if not isinstance(node, ast.Call):
        return MapOptions(node)
    form, _ = calls.resolve_callee(node.func, scope.symbols)
    if form is maps.map_over:
        options = MapOptions(_one_source(scope, node, "map_over"))
        for keyword in node.keywords:
            if keyword.arg != "max_concurrency":
                raise scope.error(
                    "FD117",
                    keyword,
                    f"map_over() has no option {keyword.arg!r}",
                    "max_concurrency=...",
                )
            options.max_concurrency = _count(scope, keyword, "max_concurrency")
        return options
    if form is maps.distributed_map:
        source = _one_source(scope, node, "distributed_map")
        options = MapOptions(source, distributed=True)
        reader, _ = (
            calls.resolve_callee(source.func, scope.symbols)
            if isinstance(source, ast.Call)
            else (None, None)
        )
        try:
            is_reader = reader in _READERS
        except TypeError:
            is_reader = False
        if is_reader:
            assert isinstance(source, ast.Call)
            options.items, options.reader = None, source
        for keyword in node.keywords:
            _distributed_option(scope, options, keyword)
        return options
    return MapOptions(node)


def _one_source(scope: ScopeLowering, node: ast.Call, name: str) -> ast.expr:
    if len(node.args) != 1:
        raise scope.error("FD117", node, f"{name}() takes the items, then options by name")
    return node.args[0]


def _count(scope: ScopeLowering, keyword: ast.keyword, name: str) -> int:
    value = evaluate_static(keyword.value, scope.symbols, scope.source)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise scope.error("FD117", keyword.value, f"{name} is a whole number >= 0")
    return value


def _distributed_option(scope: ScopeLowering, options: MapOptions, keyword: ast.keyword) -> None:
    name = keyword.arg
    if name not in _DISTRIBUTED_OPTIONS:
        raise scope.error(
            "FD117",
            keyword,
            f"distributed_map() has no option {name!r}",
            "options: " + ", ".join(_DISTRIBUTED_OPTIONS),
        )
    if name == "results":
        value = keyword.value
        target, _ = (
            calls.resolve_callee(value.func, scope.symbols)
            if isinstance(value, ast.Call)
            else (None, None)
        )
        if target is not maps.s3_results:
            raise scope.error("FD117", value, "results= takes s3_results(bucket=..., prefix=...)")
        options.results = value
    elif name == "max_concurrency":
        options.max_concurrency = _count(scope, keyword, name)
    elif name in ("tolerated_failure_count", "batch_size"):
        options.settings[name] = _count(scope, keyword, name)
    else:
        value = evaluate_static(keyword.value, scope.symbols, scope.source)
        valid = {
            "tolerated_failure_percentage": isinstance(value, int | float)
            and not isinstance(value, bool)
            and 0 <= value <= 100,
            "label": isinstance(value, str) and 0 < len(value) <= 40,
            "execution_type": value in ("STANDARD", "EXPRESS"),
        }[str(name)]
        if not valid:
            raise scope.error(
                "FD117",
                keyword.value,
                f"invalid {name}: {value!r}",
                {
                    "tolerated_failure_percentage": "a number from 0 to 100",
                    "label": "a string of 1 to 40 characters",
                    "execution_type": '"STANDARD" or "EXPRESS"',
                }[str(name)],
            )
        options.settings[str(name)] = value


def _loop_header(
    scope: ScopeLowering, target: ast.expr, iterable: ast.expr
) -> tuple[MapOptions, ast.Name | None, ast.Name]:
    """Options, index name and item name of `for [i,] x in [enumerate](...)`."""
    if isinstance(target, ast.Name):
        return _map_items(scope, iterable), None, target
    if (
        isinstance(target, ast.Tuple)
        and len(target.elts) == 2
        and all(isinstance(e, ast.Name) for e in target.elts)
        and isinstance(iterable, ast.Call)
        and isinstance(iterable.func, ast.Name)
        and iterable.func.id == "enumerate"
        and not scope.symbols.is_variable("enumerate")
        and len(iterable.args) == 1
        and not iterable.keywords
    ):
        index, item = target.elts
        assert isinstance(index, ast.Name) and isinstance(item, ast.Name)
        return _map_items(scope, iterable.args[0]), index, item
    raise scope.error(
        "FD118",
        target,
        "a for loop binds one name, or two with enumerate()",
        "for item in items: ...  or  for i, item in enumerate(items): ...",
    )


def lower_map_processor(
    scope: ScopeLowering,
    stmt: ast.stmt,
    index_name: ast.Name | None,
    item: ast.Name,
    body: list[ast.stmt],
    *,
    output: ast.expr | None,
    carried: tuple[str, ...],
    batched: bool = False,
    map_id: str | None = None,
    collected: tuple[str, ...] = (),
) -> g.Scope:
    plain_input = index_name is None and not carried
    bindings: list[tuple[str, ir.Expr]] = []
    for name in carried:
        bindings.append(
            (
                scope.symbols.asl_name(name),
                ir.Field(ir.Field(ir.StateInput(), "BatchInput"), name)
                if batched
                else ir.Field(ir.StateInput(), name),
            )
        )
    item_var = scope.bind(item)
    if batched:
        bindings.insert(0, (item_var, ir.Field(ir.StateInput(), "Items")))
    elif plain_input:
        bindings.insert(0, (item_var, ir.StateInput()))
    else:
        bindings.insert(0, (item_var, ir.Field(ir.StateInput(), "value")))
    if index_name is not None and not batched:
        bindings.append((scope.bind(index_name, "number"), ir.Field(ir.StateInput(), "index")))
    for name in collected:
        # The iteration's own list, under a name of its own (an inner scope must not assign
        # a variable of an outer one).
        scope.symbols.aliases[name] = f"{name}__{item.id}"
        scope.symbols.bind(name, "array")
        bindings.append((scope.symbols.asl_name(name), ir.Const([])))
    function = called_function(scope, output)
    if function is not None:
        assert isinstance(output, ast.Call)
        # The body is the function's: its returns give the iteration's result.
        arguments = _arguments(scope, function, output, dict(bindings))
        scope.kind = "branch"
        function_body = parallel.function_body(scope, function, value_used=True)
        for param, value in zip(function.args.args, arguments, strict=True):
            target = ast.copy_location(ast.Name(param.arg, ast.Store()), param)
            bindings.append((scope.bind(target), value))
        entry = scope.lower_block(function_body, END)
    elif output is not None:
        kind = calls.classify(output, scope.symbols) if isinstance(output, ast.Call) else None
        assert isinstance(output, ast.Call) and kind is not None
        entry = scope.lower_call(
            stmt, output, kind, END, targets=None, output=True, name_node=output
        )
    else:
        entry = scope.lower_block(body, END)
    # Named after the Map when the Map has a chosen name, so that name controls both.
    named = map_id is not None and scope.shared.names.is_explicit(map_id)
    prologue = scope.new_id(
        stmt,
        "item" if named else f"{item.id} = item",
        use_comment=False,
        sub_order=-1,
        part_of=map_id if named else None,
    )
    start = scope.add(
        g.Pass(prologue, scope.source.location(item), next=entry, assign=tuple(bindings))
    )
    return scope.finish(start, stmt)


def called_function(scope: ScopeLowering, node: ast.expr | None) -> ast.FunctionDef | None:
    """The function defined in the workflow that `node` calls (`process(x)`), if it is one."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in scope.local_functions
        and not scope.symbols.is_variable(node.func.id)
    ):
        return scope.local_functions[node.func.id]
    return None


def _arguments(
    scope: ScopeLowering,
    function: ast.FunctionDef,
    call: ast.Call,
    item_sources: dict[str, ir.Expr],
) -> list[ir.Expr]:
    """The arguments of `process(x, ...)`, read from the iteration's input: its parameters
    are bound in the iteration's first state, where the loop variable is not yet bound."""
    args = function.args
    if args.posonlyargs or args.kwonlyargs or args.vararg or args.kwarg or args.defaults:
        raise scope.error(
            "FD116", args, "a function run per item takes plain parameters", "def process(x): ..."
        )
    if call.keywords or len(call.args) != len(args.args) or function.decorator_list:
        raise scope.error(
            "FD116",
            call,
            f"{function.name}() takes {len(args.args)} argument(s), passed by position",
        )
    return [substitute(scope.exprs().translate(a), item_sources) for a in call.args]


def substitute(node: Any, values: dict[str, ir.Expr]) -> Any:
    """`node` with each variable in `values` replaced by its value."""
    if isinstance(node, ir.Var):
        return values.get(node.name, node)
    if isinstance(node, ir.Expr):
        return replace(
            node, **{f.name: substitute(getattr(node, f.name), values) for f in fields(node)}
        )
    if isinstance(node, tuple):
        return tuple(substitute(item, values) for item in node)
    return node


def _item_selector(
    index_name: ast.Name | None, carried: tuple[str, ...], values: dict[str, ir.Expr] | None = None
) -> Any:
    if index_name is None and not carried:
        return None
    entries: list[tuple[str, ir.Expr]] = [("value", ir.ContextPath(("Map", "Item", "Value")))]
    if index_name is not None:
        entries.append(("index", ir.ContextPath(("Map", "Item", "Index"))))
    entries.extend((name, (values or {})[name]) for name in carried)
    return ir.ObjectOf(tuple(entries))


def _label(scope: ScopeLowering, items: ast.expr) -> str:
    """How a loop's items read in its state name: a call by its callee."""
    return scope.segment(items.func) if isinstance(items, ast.Call) else scope.segment(items)


def _names_read(nodes: list[Any]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load):
                names.add(child.id)
    return names


def _replace(state: g.Map, **changes: Any) -> g.Map:
    return replace(state, **changes)
