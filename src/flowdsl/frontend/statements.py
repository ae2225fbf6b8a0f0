"""Lowering a workflow body's statements into IR states, one `visit_<Stmt>` per construct.

Statements are lowered front to back, so the symbol table follows the code as Python runs it.
Each statement is handed a *hole* (`?12`), a stand-in for whatever follows it; when the next
statement has been lowered the hole is filled with its entry. `finish` resolves every hole of a
scope at the end, turning an exit into `End: true`, or into a Succeed state where ASL needs a
state name (a Choice rule, a Default, a Catch). States get provisional ids (`#7`) that
`flowdsl.ir.naming` turns into final names.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from flowdsl.dsl.aws import SdkOperation
from flowdsl.dsl.resources import Resource
from flowdsl.dsl.workflow import Workflow
from flowdsl.errors import CompileError, Diagnostic, SourceLocation
from flowdsl.frontend import (
    calls,
    condition_values,
    literal,
    maps,
    mutations,
    parallel,
    raises,
    try_except,
)
from flowdsl.frontend.calls import FlowForm, ServiceCallBuilder
from flowdsl.frontend.differences import WARNINGS
from flowdsl.frontend.expressions import ExpressionTranslator, type_of
from flowdsl.frontend.naming import NameTable
from flowdsl.frontend.source import ModuleSource
from flowdsl.frontend.symbols import (
    RESERVED_VARIABLES,
    Symbols,
    annotation_type,
    assigned_names,
)
from flowdsl.integrations.model import Integration
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.graph import END

ScopeKind = Literal["workflow", "branch", "map"]
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Shared:
    """What every scope of one workflow shares: its source, state names and problems found."""

    source: ModuleSource
    names: NameTable
    diagnostics: list[Diagnostic] = field(default_factory=list)
    resources: dict[str, Resource] = field(default_factory=dict)
    holes: dict[str, str] = field(default_factory=dict)
    workflow_type: str = "STANDARD"
    query_language: str = "JSONata"
    # How often each name is bound anywhere in the workflow (assignments, loop targets, params).
    bound_names: Counter[str] = field(default_factory=Counter)
    hole_count: int = 0
    value_count: int = 0  # JSONPath temporaries of conditions (condition_values)
    # Lines of statements that failed to lower (their `# state:` comments name nothing).
    failed_lines: set[int] = field(default_factory=set)
    # Differences from Python the compiler saw, one per code and place (an expression may be
    # translated more than once).
    warnings: dict[tuple[str, SourceLocation], Diagnostic] = field(default_factory=dict)


@dataclass
class Loop:
    head: str
    exit: str


class ScopeLowering:
    """Lowers the statements of one ASL scope (workflow, Parallel branch, Map processor)."""

    def __init__(
        self,
        shared: Shared,
        symbols: Symbols,
        kind: ScopeKind,
        local_functions: dict[str, ast.FunctionDef] | None = None,
    ) -> None:
        self.shared = shared
        self.source = shared.source
        self.symbols = symbols
        self.kind = kind
        self.states: list[g.State] = []
        self.loops: list[Loop] = []
        # The handlers of the tries being lowered, outermost first (see try_except).
        self.catch_frames: list[tuple[g.CatchRule, ...]] = []
        self.current_handler_var: str | None = None
        self.local_functions: dict[str, ast.FunctionDef] = dict(local_functions or {})

    # -- helpers -------------------------------------------------------------------------

    def error(
        self, code: str, node: ast.AST, message: str, hint: str | None = None
    ) -> CompileError:
        return CompileError.at(code, message, self.source.location(node), hint)

    def exprs(self) -> ExpressionTranslator:
        return ExpressionTranslator(
            self.source,
            self.symbols,
            is_integration_call=lambda call: isinstance(
                calls.classify(call, self.symbols), Integration | Workflow | SdkOperation
            ),
            on_resource=self.use_resource,
            on_difference=self.warn,
        )

    def warn(self, code: str, node: ast.AST) -> None:
        """A difference from Python at `node` (differences.py), unless its line ignores it."""
        location = self.source.location(node)
        if code not in self.source.ignored.get(location.line, ()):
            message, hint = WARNINGS[code]
            self.shared.warnings[(code, location)] = Diagnostic(
                code, message, location, hint, severity="warning"
            )

    def use_resource(self, resource: Resource, node: ast.AST) -> None:
        if not resource.placeholder:
            return
        known = self.shared.resources.get(resource.placeholder)
        if known is not None and known != resource:
            # One ${Placeholder} takes one value: two resources behind it would silently get
            # the first one's (and the IAM would grant only that one).
            raise self.error(
                "FD143",
                node,
                f"{_declared(resource)} and {_declared(known)} both use the placeholder "
                f"${{{resource.placeholder}}}",
                "give one of them its own name, or its own placeholder=",
            )
        self.shared.resources[resource.placeholder] = resource

    def new_id(self, node: ast.AST, default: str, **kwargs: Any) -> str:
        return self.shared.names.new(node, default, **kwargs)

    def add(self, state: g.State) -> str:
        if self.catch_frames:
            rules = try_except.active_rules(self.catch_frames)
            if isinstance(state, try_except.CATCHABLE) and not state.catch:
                state = replace(state, catch=rules)
            elif type(state) is g.Pass:
                state = try_except.guard_pass(self, state, rules)
        self.states.append(state)
        return state.name

    def new_hole(self) -> str:
        self.shared.hole_count += 1
        return f"?{self.shared.hole_count}"

    def segment(self, node: ast.AST) -> str:
        return self.source.segment(node)

    def call_name(self, stmt: ast.stmt | None, call: ast.Call) -> str:
        """A call's default state name: its callee, after what the statement binds
        (`stock = check_inventory`, `return fn`). It depends on this statement alone, so
        inserting a step elsewhere never renames it."""
        callee = self.segment(call.func)
        first = call.args[0] if call.args else None
        form = calls.classify(call, self.symbols)
        if (
            isinstance(form, FlowForm)
            and form.name == "integration"
            and (isinstance(first, ast.Constant) and isinstance(first.value, str))
        ):
            callee = first.value  # integration("http:invoke", ...) reads as http:invoke
        return f"{self.binding_label(stmt)}{callee}"

    def binding_label(self, stmt: ast.stmt | None) -> str:
        if isinstance(stmt, ast.Assign):
            return f"{self.segment(stmt.targets[0])} = "
        if isinstance(stmt, ast.AnnAssign):
            return f"{self.segment(stmt.target)} = "
        if isinstance(stmt, ast.Return):
            return "return "
        return ""

    def bind(
        self,
        node: ast.expr,
        value_type: ir.ValueType = "any",
        members: frozenset[str] | None = None,
    ) -> str:
        """Bind an assignment target; returns the ASL variable name."""
        if not isinstance(node, ast.Name):
            raise self.error(
                "FD170",
                node,
                "only names and items of them (event['x']) can be assigned in a workflow",
                "assign a whole new value, e.g. order = {**order, 'x': value}",
            )
        name = node.id
        if name in RESERVED_VARIABLES or not _VARIABLE_NAME.match(name) or name.startswith("__"):
            raise self.error(
                "FD171",
                node,
                f"{name!r} cannot be an ASL variable name",
                "use ASCII letters, digits and _, not 'states' and not a leading "
                "__ (flowdsl's own temporaries)",
            )
        if self.kind == "map" and self.symbols.is_outer(name):
            raise self.error(
                "FD172",
                node,
                f"a for loop runs as a Map state; its iterations cannot change {name!r} outside it",
                "collect results with a list comprehension: results = [f(x) for x in items]",
            )
        if self.symbols.is_outer(name):
            self.symbols.alias(name, f"{name}__{len(self.shared.names.requests)}")
        self.symbols.bind(name, value_type, members)
        return self.symbols.asl_name(name)

    # -- blocks --------------------------------------------------------------------------

    def lower_block(self, stmts: list[ast.stmt], next_id: str) -> str:
        stmts = self._reachable(stmts)
        # Record local functions first: parallel() may name a branch defined below its call.
        for stmt in stmts:
            if isinstance(stmt, ast.FunctionDef):
                self.local_functions[stmt.name] = stmt
        if not stmts:
            return next_id
        holes = [self.new_hole() for _ in stmts]
        entries: list[str] = []
        for stmt, hole in zip(stmts, holes, strict=True):
            try:
                entries.append(self.lower(stmt, hole))
            except CompileError as exc:
                self.shared.diagnostics.extend(exc.diagnostics)
                self.shared.failed_lines.update(
                    range(stmt.lineno, (stmt.end_lineno or stmt.lineno) + 1)
                )
                entries.append(hole)
                for name in assigned_names([stmt]):  # no cascade of "unknown name" errors
                    if not self.symbols.is_variable(name):
                        self.symbols.bind(name)
        for hole, following in zip(holes, [*entries[1:], next_id], strict=True):
            self.shared.holes[hole] = following
        return entries[0]

    def _reachable(self, stmts: list[ast.stmt]) -> list[ast.stmt]:
        for index, stmt in enumerate(stmts):
            if isinstance(stmt, ast.Return | ast.Raise | ast.Break | ast.Continue):
                return stmts[: index + 1]
        return stmts

    def lower(self, stmt: ast.stmt, next_id: str) -> str:
        method = getattr(self, f"visit_{type(stmt).__name__}", None)
        if method is None:
            raise self.unsupported(stmt)
        entry: str = method(stmt, next_id)
        return entry

    def unsupported(self, stmt: ast.stmt) -> CompileError:
        hints = {
            "With": (
                "'with' blocks are not supported in a workflow",
                "run branches at once with parallel(branch_a, branch_b), where each branch "
                "is a function defined in the workflow",
            ),
            "Global": (
                "'global' is not supported in a workflow",
                "workflow variables are local; read module constants directly",
            ),
            "Nonlocal": (
                "'nonlocal' is not supported in a workflow",
                "return the value from the branch and use parallel()'s result",
            ),
            "Assert": (
                "'assert' is not supported in a workflow",
                'write: if not condition: raise Fail("Error", "cause")',
            ),
            "Import": ("imports belong at module level", "move the import to the top of the file"),
            "ImportFrom": (
                "imports belong at module level",
                "move the import to the top of the file",
            ),
            "ClassDef": ("classes cannot be defined in a workflow", "define them at module level"),
            "AsyncFunctionDef": ("async functions are not supported", "use a plain def"),
            "AsyncFor": ("'async for' is not supported", "use a plain for loop"),
            "AsyncWith": ("'async with' is not supported", "use parallel() for branches"),
            "Match": ("'match' is not supported in a workflow", "use if/elif/else"),
            "TryStar": ("'except*' is not supported", "use except"),
        }
        message, hint = hints.get(
            type(stmt).__name__, (f"{type(stmt).__name__} statements are not supported", None)
        )
        return self.error("FD104", stmt, message, hint)

    # -- simple statements ---------------------------------------------------------------

    def visit_Pass(self, stmt: ast.Pass, next_id: str) -> str:
        return next_id

    def visit_FunctionDef(self, stmt: ast.FunctionDef, next_id: str) -> str:
        self.local_functions[stmt.name] = stmt  # a branch for parallel(); no state of its own
        return next_id

    def visit_Expr(self, stmt: ast.Expr, next_id: str) -> str:
        value = stmt.value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return next_id  # a docstring or a comment-like string
        if isinstance(value, ast.Call):
            kind = calls.classify(value, self.symbols)
            if kind is not None:
                return self.lower_call(stmt, value, kind, next_id, targets=None)
            if mutations.changed_method(value) is not None:
                return self.change_by_method(stmt, value, next_id)
        raise self.error(
            "FD105",
            stmt,
            "this expression has no effect in a workflow",
            "assign it to a variable, or return it",
        )

    def visit_Assign(self, stmt: ast.Assign, next_id: str) -> str:
        if len(stmt.targets) != 1:
            raise self.error("FD170", stmt, "chained assignment (a = b = ...) is not supported")
        return self.assign(stmt, stmt.targets[0], stmt.value, next_id)

    def visit_AnnAssign(self, stmt: ast.AnnAssign, next_id: str) -> str:
        if stmt.value is None:
            return next_id
        return self.assign(
            stmt, stmt.target, stmt.value, next_id, declared=annotation_type(stmt.annotation)
        )

    def visit_AugAssign(self, stmt: ast.AugAssign, next_id: str) -> str:
        if not isinstance(stmt.target, ast.Name | ast.Subscript):
            raise self.error("FD170", stmt.target, "only names and items of them can be assigned")
        read = ast.fix_missing_locations(ast.copy_location(_as_load(stmt.target), stmt.target))
        value = ast.BinOp(left=read, op=stmt.op, right=stmt.value)
        ast.copy_location(value, stmt)
        value.end_lineno, value.end_col_offset = stmt.end_lineno, stmt.end_col_offset
        return self.assign(stmt, stmt.target, value, next_id)

    def visit_Delete(self, stmt: ast.Delete, next_id: str) -> str:
        changes = [mutations.item_removal(self.exprs(), target) for target in stmt.targets]
        return self.add_changes(stmt, changes, next_id)

    def change_by_method(self, stmt: ast.stmt, call: ast.Call, next_id: str) -> str:
        """`items.append(x)`, `event.update(...)`: the variable gets the changed copy; a
        service call as the argument is a Task whose result goes in."""
        argument = call.args[0] if len(call.args) == 1 and not call.keywords else None
        if isinstance(argument, ast.Call):
            kind = calls.classify(argument, self.symbols)
            if kind is not None and not isinstance(kind, FlowForm):
                return self.lower_call(
                    stmt,
                    argument,
                    kind,
                    next_id,
                    targets=None,
                    into=lambda result: mutations.method_change(self.exprs(), call, result),
                )
        return self.add_changes(stmt, [mutations.method_change(self.exprs(), call)], next_id)

    def add_changes(
        self, stmt: ast.stmt, changes: list[tuple[ast.Name, ir.Expr]], next_id: str
    ) -> str:
        """A Pass that rebinds each changed variable to its changed copy."""
        assign = tuple((self.bind_changed(root, value), value) for root, value in changes)
        state_id = self.new_id(stmt, self.segment(stmt))
        return self.add(g.Pass(state_id, self.source.location(stmt), next=next_id, assign=assign))

    def bind_changed(self, root: ast.Name, value: ir.Expr) -> str:
        """Bind a variable to a changed copy of its value. A parallel branch cannot change a
        value outside it (Python would change the one object both see; ASL cannot)."""
        if self.kind == "branch" and self.symbols.is_outer(root.id):
            raise self.error(
                "FD173",
                root,
                f"a parallel branch cannot change {root.id!r}, which is defined outside it",
                "return the changed value from the branch and use parallel()'s result",
            )
        return self.bind(root, type_of(value, self.symbols))

    def assign(
        self,
        stmt: ast.stmt,
        target: ast.expr,
        value: ast.expr,
        next_id: str,
        declared: ir.ValueType = "any",
    ) -> str:
        if isinstance(target, ast.Subscript):
            return self.assign_item(stmt, target, value, next_id)
        if isinstance(value, ast.Call):
            kind = calls.classify(value, self.symbols)
            if kind is not None:
                return self.lower_call(stmt, value, kind, next_id, targets=target)
        if isinstance(value, ast.ListComp) and self._calls_service(value.elt):
            return self.lower_comprehension_map(stmt, target, value, next_id)
        pairs: list[tuple[ast.expr, ir.Expr]] = []
        if isinstance(target, ast.Tuple):
            # Python assigns all names at once from the values before; so does ASL's Assign.
            if isinstance(value, ast.Tuple) and len(value.elts) == len(target.elts):
                pairs = [
                    (t, self.exprs().translate(v))
                    for t, v in zip(target.elts, value.elts, strict=True)
                ]
            else:
                whole = self.exprs().translate(value)
                pairs = [(t, ir.Index(whole, ir.Const(i))) for i, t in enumerate(target.elts)]
        else:
            pairs = [(target, self.exprs().translate(value))]
        assign = tuple(
            (self.bind(t, declared if declared != "any" else type_of(e, self.symbols)), e)
            for t, e in pairs
        )
        # Named after what it sets, not its source text: short, and what the console shows.
        targets = target.elts if isinstance(target, ast.Tuple) else [target]
        state_id = self.new_id(stmt, "Set " + ", ".join(self.segment(t) for t in targets))
        return self.add(g.Pass(state_id, self.source.location(stmt), next=next_id, assign=assign))

    def assign_item(
        self, stmt: ast.stmt, target: ast.Subscript, value: ast.expr, next_id: str
    ) -> str:
        """`event["x"] = value`: `event` becomes a copy with the item set."""
        if isinstance(value, ast.ListComp) and self._calls_service(value.elt):
            return self.lower_comprehension_map(stmt, target, value, next_id)
        if isinstance(value, ast.Call):
            kind = calls.classify(value, self.symbols)
            if kind is not None and not isinstance(kind, FlowForm):
                return self.lower_call(
                    stmt,
                    value,
                    kind,
                    next_id,
                    targets=None,
                    into=lambda result: mutations.place_change(self.exprs(), target, result),
                )
        change = mutations.place_change(self.exprs(), target, self.exprs().translate(value))
        return self.add_changes(stmt, [change], next_id)

    def _calls_service(self, node: ast.expr) -> bool:
        """A call that makes states: a service call, or a function defined in the workflow
        (`[process(x) for x in items]` runs process's statements per item, as a Map)."""
        return isinstance(node, ast.Call) and (
            isinstance(calls.classify(node, self.symbols), Integration | Workflow | SdkOperation)
            or maps.called_function(self, node) is not None
        )

    # -- calls ---------------------------------------------------------------------------

    def lower_call(
        self,
        stmt: ast.stmt,
        call: ast.Call,
        kind: Integration | Workflow | SdkOperation | FlowForm,
        next_id: str,
        *,
        targets: ast.expr | None,
        output: bool = False,
        name_node: ast.AST | None = None,
        into: Callable[[ir.Expr], tuple[ast.Name, ir.Expr]] | None = None,
    ) -> str:
        if isinstance(kind, FlowForm):
            if kind.name == "parallel":
                return self.lower_parallel(stmt, call, next_id, targets=targets, output=output)
            if kind.name in ("asl_states", "asl_state"):
                return literal.lower_literal(
                    self, stmt, call, kind.name, next_id, targets=targets, output=output
                )
            if kind.name == "wait":
                if targets is not None:
                    raise self.error("FD106", stmt, "wait() has no result to assign")
                return self.lower_wait(stmt, call, next_id)
            if kind.name != "integration":  # integration("http:invoke", ...) is a service call
                raise self.error(
                    "FD107",
                    call,
                    f"{kind.name}() belongs in a for loop",
                    "for item in map_over(items, max_concurrency=5): ...",
                )
        builder = ServiceCallBuilder(self.source, self.symbols, self.exprs())
        service = builder.build(call, kind, workflow_type=self.shared.workflow_type)
        for resource in service.resources:
            self.use_resource(resource, call)
        assign: tuple[tuple[str, ir.Expr], ...] = ()
        if into is not None:
            root, changed = into(service.result)
            assign = ((self.bind_changed(root, changed), changed),)
        elif targets is not None:
            # A result with a known shape is an object (its members are checked on reads).
            shape: ir.ValueType = "any" if service.result_members is None else "object"
            assign = ((self.bind(targets, shape, service.result_members), service.result),)
        named = name_node or stmt
        # A `# state:` comment on the statement names the statement's state; a call inside a
        # comprehension on the same line is named after its callee.
        own_line = name_node is None or getattr(name_node, "lineno", 0) != stmt.lineno
        state_id = self.new_id(
            named,
            self.call_name(stmt if name_node is None else None, call),
            use_comment=own_line,
        )
        return self.add(
            g.Task(
                state_id,
                self.source.location(stmt),
                next=END if output else next_id,
                assign=assign,
                output=service.result if output else None,
                resource=service.resource_arn,
                arguments=service.arguments,
                retry=service.retry,
                timeout_seconds=service.timeout_seconds,
                heartbeat_seconds=service.heartbeat_seconds,
            )
        )

    def lower_wait(self, stmt: ast.stmt, call: ast.Call, next_id: str) -> str:
        if call.args or len(call.keywords) != 1 or call.keywords[0].arg not in ("seconds", "until"):
            raise self.error(
                "FD108",
                call,
                "wait() takes exactly one of seconds=... or until=...",
                "wait(seconds=30) or wait(until=order['ShipDate'])",
            )
        keyword = call.keywords[0]
        value = self.exprs().translate(keyword.value)
        state_id = self.new_id(stmt, self.segment(call))
        loc = self.source.location(stmt)
        if keyword.arg == "seconds":
            if isinstance(value, ir.Const):
                if (
                    not isinstance(value.value, int)
                    or isinstance(value.value, bool)
                    or value.value < 0
                ):
                    raise self.error("FD108", keyword.value, "seconds must be a whole number >= 0")
                return self.add(g.Wait(state_id, loc, next=next_id, seconds=value.value))
            return self.add(g.Wait(state_id, loc, next=next_id, seconds=value))
        if isinstance(value, ir.Const) and not isinstance(value.value, str):
            raise self.error("FD108", keyword.value, "until takes an ISO-8601 timestamp string")
        timestamp = value.value if isinstance(value, ir.Const) else value
        return self.add(g.Wait(state_id, loc, next=next_id, timestamp=timestamp))

    def lower_parallel(
        self,
        stmt: ast.stmt,
        call: ast.Call,
        next_id: str,
        *,
        targets: ast.expr | None,
        output: bool,
    ) -> str:
        return parallel.lower_parallel(self, stmt, call, next_id, targets=targets, output=output)

    def finish(self, start: str, node: ast.AST) -> g.Scope:
        """Resolve this scope's holes; exits that need a state name go to one Succeed state."""
        end_id: list[str] = []

        def resolve(ref: str, *, named: bool) -> str:
            seen = set()
            while ref.startswith("?"):
                if ref in seen:
                    raise CompileError.at(
                        "FD199", "internal: a cycle of empty statements", self.source.location(node)
                    )
                seen.add(ref)
                ref = self.shared.holes[ref]
            if ref == END and named:
                if not end_id:
                    end_id.append(self.new_id(node, "Done", use_comment=False, last=True))
                return end_id[0]
            return ref

        resolved: list[g.State] = []
        for state in self.states:
            changes: dict[str, Any] = {}
            if isinstance(state, g.Flow):
                changes["next"] = resolve(state.next, named=False)
            if isinstance(state, g.Choice):
                changes["rules"] = tuple(
                    replace(r, next=resolve(r.next, named=True)) for r in state.rules
                )
                changes["default"] = resolve(state.default, named=True)
            catch = getattr(state, "catch", ())
            if catch:
                changes["catch"] = tuple(
                    replace(c, next=resolve(c.next, named=True)) for c in catch
                )
            resolved.append(replace(state, **changes) if changes else state)
        start = resolve(start, named=True)
        if end_id:
            resolved.append(g.Succeed(end_id[0], self.source.location(node)))
        return g.Scope(start, tuple(resolved))

    # -- returns and failures ------------------------------------------------------------

    def visit_Return(self, stmt: ast.Return, next_id: str) -> str:
        label = getattr(stmt, "flowdsl_label", None)  # a return flowdsl wrote itself
        if self.kind == "map" and label is None:
            raise self.error(
                "FD112",
                stmt,
                "return inside a for loop is not supported",
                "assign the value to a variable and return it after the loop",
            )
        value = stmt.value
        if isinstance(value, ast.Call):
            kind = calls.classify(value, self.symbols)
            if kind is not None:
                return self.lower_call(stmt, value, kind, END, targets=None, output=True)
        if isinstance(value, ast.ListComp) and self._calls_service(value.elt):
            return self.lower_comprehension_map(stmt, None, value, END)
        output = self.exprs().translate(value) if value is not None else ir.Const(None)
        name = label[:1].upper() + label[1:] if label else _return_name(value)
        state_id = self.new_id(stmt, name, use_comment=label is None)
        return self.add(g.Pass(state_id, self.source.location(stmt), next=END, output=output))

    def visit_Raise(self, stmt: ast.Raise, next_id: str) -> str:
        return raises.lower_raise_statement(self, stmt)

    # -- control flow --------------------------------------------------------------------

    def condition_values(self, condition: ir.Expr, values: dict[ir.Expr, str]) -> ir.Expr:
        """In JSONPath, a condition on a computed value (`len(x) > 0`) tests a temporary
        bound just before the Choice (see condition_values); `values` gathers them."""
        if self.shared.query_language != "JSONPath":
            return condition

        def new_name() -> str:
            self.shared.value_count += 1
            return f"__value{self.shared.value_count}"

        return condition_values.hoisted(condition, new_name, values)

    def add_condition_values(
        self, stmt: ast.stmt, values: dict[ir.Expr, str], choice_id: str
    ) -> str:
        """The Pass that binds a Choice's temporaries, named after the Choice."""
        pass_id = self.new_id(stmt, "values", use_comment=False, sub_order=-1, part_of=choice_id)
        assign = tuple((name, value) for value, name in values.items())
        return self.add(g.Pass(pass_id, self.source.location(stmt), next=choice_id, assign=assign))

    def visit_If(self, stmt: ast.If, next_id: str) -> str:
        choice_id = self.new_id(stmt, "if " + self.segment(stmt.test))
        values: dict[ir.Expr, str] = {}
        rules: list[g.ChoiceRule] = []
        arms: list[Symbols] = []
        before = self.symbols
        current: ast.stmt = stmt
        default_body: list[ast.stmt] = []
        while True:
            assert isinstance(current, ast.If)
            condition = self.condition_values(self.exprs().condition(current.test), values)
            self.symbols = before.overlay()
            entry = self.lower_block(current.body, next_id)
            arms.append(self.symbols)
            rules.append(
                g.ChoiceRule(
                    condition,
                    entry,
                    self.source.location(current.test),
                    source=self.segment(current.test),
                )
            )
            if (
                len(current.orelse) == 1
                and isinstance(current.orelse[0], ast.If)
                and self.shared.names.comment_name(current.orelse[0]) is None
            ):
                current = current.orelse[0]
                continue
            default_body = current.orelse
            break
        self.symbols = before.overlay()
        default_entry = self.lower_block(default_body, next_id)
        arms.append(self.symbols)
        self.symbols = before
        before.merge(*arms)
        choice = self.add(
            g.Choice(
                choice_id, self.source.location(stmt), rules=tuple(rules), default=default_entry
            )
        )
        return self.add_condition_values(stmt, values, choice) if values else choice

    def visit_While(self, stmt: ast.While, next_id: str) -> str:
        if stmt.orelse:
            raise self.error(
                "FD114",
                stmt.orelse[0],
                "while ... else is not supported",
                "put the code after the loop",
            )
        choice_id = self.new_id(stmt, "while " + self.segment(stmt.test))
        values: dict[ir.Expr, str] = {}
        condition = self.condition_values(self.exprs().condition(stmt.test), values)
        # Each round evaluates the condition's temporaries again: the loop goes back to them.
        head = self.add_condition_values(stmt, values, choice_id) if values else choice_id
        exit_target = next_id
        self.loops.append(Loop(head, exit_target))
        try:
            body_entry = self.lower_block(stmt.body, head)
        finally:
            self.loops.pop()
        self.add(
            g.Choice(
                choice_id,
                self.source.location(stmt),
                rules=(
                    g.ChoiceRule(
                        condition,
                        body_entry,
                        self.source.location(stmt.test),
                        source=self.segment(stmt.test),
                    ),
                ),
                default=exit_target,
            )
        )
        return head

    def visit_Break(self, stmt: ast.Break, next_id: str) -> str:
        if not self.loops:
            raise self.error(
                "FD115",
                stmt,
                "break outside a while loop",
                "a for loop runs as a Map state and cannot break",
            )
        return self.loops[-1].exit

    def visit_Continue(self, stmt: ast.Continue, next_id: str) -> str:
        if not self.loops:
            raise self.error(
                "FD115",
                stmt,
                "continue outside a while loop",
                "a for loop runs as a Map state; use if to skip an item",
            )
        return self.loops[-1].head

    def visit_For(self, stmt: ast.For, next_id: str) -> str:
        return maps.lower_for(self, stmt, next_id)

    def lower_comprehension_map(
        self, stmt: ast.stmt, target: ast.expr | None, comp: ast.ListComp, next_id: str
    ) -> str:
        return maps.lower_comprehension_map(self, stmt, target, comp, next_id)

    def visit_Try(self, stmt: ast.Try, next_id: str) -> str:
        return try_except.lower_try(self, stmt, next_id)


def _as_load(node: ast.expr) -> ast.expr:
    """A copy of an assignment target that reads it (`event["n"] += 1` reads event["n"])."""
    if isinstance(node, ast.Name):
        return ast.copy_location(ast.Name(node.id, ast.Load()), node)
    assert isinstance(node, ast.Subscript)
    copy = ast.Subscript(_as_load(node.value), node.slice, ast.Load())
    return ast.copy_location(copy, node)


def _declared(resource: Resource) -> str:
    """`Queue('orders')`, as the resource was declared."""
    return f"{type(resource).__name__}({resource.name or resource.literal!r})"


def _return_name(value: ast.expr | None) -> str:
    """`Return x` for a returned name or constant, `Return` for anything longer."""
    if value is None:
        return "Return None"
    if isinstance(value, ast.Name):
        return f"Return {value.id}"
    if isinstance(value, ast.Constant) and len(repr(value.value)) <= 20:
        return f"Return {value.value!r}"
    return "Return"
