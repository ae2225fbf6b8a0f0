"""IR WorkflowGraph -> an ASL document (plain JSON data), one `emit_<State>` per state type.

The layout of states (which fields, in which order) lives here once; how values, conditions and
results are written is the query language's business (`JsonataDialect`, and a JSONPath dialect
beside it). The document is plain data so that `flowdsl compile --check` does not pay for
pydantic; every document is validated against the pydantic ASL models before it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from flowdsl.errors import InternalError, SourceLocation
from flowdsl.ir import expr as ir
from flowdsl.ir import graph as g
from flowdsl.ir.graph import END


class Dialect(Protocol):
    """How one query language writes the parts of a state that hold data."""

    query_language: str

    def data_fields(self, state: g.State) -> dict[str, Any]: ...
    def choice_rule(self, rule: g.ChoiceRule) -> dict[str, Any]: ...
    def value(self, value: Any) -> Any: ...
    def arguments(self, value: Any) -> dict[str, Any]: ...
    def timing(self, field: str, value: Any) -> dict[str, Any]: ...
    def catch_assign(self, pairs: tuple[tuple[str, ir.Expr], ...]) -> dict[str, Any]: ...
    def enter(self, state: g.State) -> None: ...
    def leave(self) -> None: ...


@dataclass
class Emitted:
    """An ASL document and where each state came from (state name -> Python source)."""

    document: dict[str, Any]
    locations: dict[str, SourceLocation] = field(default_factory=dict)


class Emitter:
    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.locations: dict[str, SourceLocation] = {}

    def emit_workflow(self, graph: g.WorkflowGraph) -> Emitted:
        document: dict[str, Any] = {}
        if graph.comment:
            document["Comment"] = graph.comment
        document["QueryLanguage"] = self.dialect.query_language
        document.update(self.emit_scope(graph.body))
        if graph.timeout_seconds is not None:
            document["TimeoutSeconds"] = graph.timeout_seconds
        return Emitted(document, self.locations)

    def emit_scope(self, scope: g.Scope) -> dict[str, Any]:
        states: dict[str, Any] = {}
        for state in scope.states:
            method = getattr(self, f"emit_{type(state).__name__}", None)
            if method is None:
                raise InternalError(f"no emitter for {type(state).__name__}")
            self.locations[state.name] = state.loc
            body: dict[str, Any] = {"Type": type(state).__name__}
            if state.comment:
                body["Comment"] = state.comment
            self.dialect.enter(state)  # so that a dialect's errors point at this state
            try:
                body.update(method(state))
            finally:
                self.dialect.leave()
            states[state.name] = body
        body_of_scope: dict[str, Any] = {"Comment": scope.comment} if scope.comment else {}
        return {**body_of_scope, "StartAt": scope.start, "States": states}

    # -- shared parts ----------------------------------------------------------------------

    @staticmethod
    def transition(state: g.Flow) -> dict[str, Any]:
        return {"End": True} if state.next == END else {"Next": state.next}

    @staticmethod
    def retry(rules: tuple[g.RetryRule, ...]) -> dict[str, Any]:
        if not rules:
            return {}
        out = []
        for rule in rules:
            entry: dict[str, Any] = {"ErrorEquals": list(rule.errors)}
            for key, value in (
                ("IntervalSeconds", rule.interval_seconds),
                ("MaxAttempts", rule.max_attempts),
                ("BackoffRate", rule.backoff_rate),
                ("MaxDelaySeconds", rule.max_delay_seconds),
                ("JitterStrategy", rule.jitter_strategy),
            ):
                if value is not None:
                    entry[key] = value
            out.append(entry)
        return {"Retry": out}

    def catch(self, rules: tuple[g.CatchRule, ...]) -> dict[str, Any]:
        if not rules:
            return {}
        out = []
        for rule in rules:
            entry: dict[str, Any] = {"ErrorEquals": list(rule.errors)}
            if rule.assign:
                entry["Assign"] = self.dialect.catch_assign(rule.assign)
            if rule.result_path is not None:  # JSONPath only (ir/state_data.py)
                from flowdsl.asl.jsonpath import result_path

                entry["ResultPath"] = result_path(rule.result_path)
            entry["Next"] = rule.next
            out.append(entry)
        return {"Catch": out}

    def timeouts(self, state: g.Task) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if state.timeout_seconds is not None:
            out.update(self.dialect.timing("TimeoutSeconds", state.timeout_seconds))
        if state.heartbeat_seconds is not None:
            out.update(self.dialect.timing("HeartbeatSeconds", state.heartbeat_seconds))
        return out

    # -- states --------------------------------------------------------------------------

    def emit_Task(self, state: g.Task) -> dict[str, Any]:
        return {
            "Resource": state.resource,
            **self.dialect.data_fields(state),
            **self.timeouts(state),
            **self.retry(state.retry),
            **self.catch(state.catch),
            **self.transition(state),
        }

    def emit_Pass(self, state: g.Pass) -> dict[str, Any]:
        return {**self.dialect.data_fields(state), **self.transition(state)}

    def emit_Wait(self, state: g.Wait) -> dict[str, Any]:
        timing: dict[str, Any] = (
            self.dialect.timing("Seconds", state.seconds)
            if state.seconds is not None
            else self.dialect.timing("Timestamp", state.timestamp)
        )
        return {**timing, **self.dialect.data_fields(state), **self.transition(state)}

    def emit_Choice(self, state: g.Choice) -> dict[str, Any]:
        return {
            "Choices": [self._choice_rule(rule) for rule in state.rules],
            "Default": state.default,
            **self.dialect.data_fields(state),
        }

    def _choice_rule(self, rule: g.ChoiceRule) -> dict[str, Any]:
        # Comment is allowed in a Choice rule (models.ChoiceRule); it carries the source text.
        # A condition written over several lines is one line here, as a reader quotes it.
        source = re.sub(r"\s*\n\s*", " ", rule.source) if rule.source else None
        comment = {"Comment": source} if source else {}
        return {**comment, **self.dialect.choice_rule(rule)}

    def emit_Parallel(self, state: g.Parallel) -> dict[str, Any]:
        return {
            "Branches": [self.emit_scope(branch) for branch in state.branches],
            **self.dialect.data_fields(state),
            **self.retry(state.retry),
            **self.catch(state.catch),
            **self.transition(state),
        }

    def emit_Map(self, state: g.Map) -> dict[str, Any]:
        assert state.processor is not None
        body: dict[str, Any] = {**self.dialect.data_fields(state)}
        dist = state.distributed
        if dist is not None and dist.item_reader is not None:
            reader = {k: v for k, v in dist.item_reader.items() if k != "Arguments"}
            reader.update(self.dialect.arguments(dist.item_reader["Arguments"]))
            body["ItemReader"] = reader
        if dist is not None and dist.batch_size is not None:
            batcher: dict[str, Any] = {"MaxItemsPerBatch": dist.batch_size}
            if dist.batch_input is not None:
                batcher["BatchInput"] = self.dialect.value(dist.batch_input)
            body["ItemBatcher"] = batcher
        config: dict[str, Any] = {"Mode": "INLINE"}
        if dist is not None:
            config = {"Mode": "DISTRIBUTED", "ExecutionType": dist.execution_type}
        body["ItemProcessor"] = {"ProcessorConfig": config, **self.emit_scope(state.processor)}
        if state.max_concurrency is not None:
            body["MaxConcurrency"] = state.max_concurrency
        if dist is not None:
            if dist.result_writer is not None:
                writer = {k: v for k, v in dist.result_writer.items() if k != "Arguments"}
                writer.update(self.dialect.arguments(dist.result_writer["Arguments"]))
                body["ResultWriter"] = writer
            for key, value in (
                ("ToleratedFailurePercentage", dist.tolerated_failure_percentage),
                ("ToleratedFailureCount", dist.tolerated_failure_count),
                ("Label", dist.label),
            ):
                if value is not None:
                    body[key] = value
        body.update(self.retry(state.retry))
        body.update(self.catch(state.catch))
        body.update(self.transition(state))
        return body

    def emit_Succeed(self, state: g.Succeed) -> dict[str, Any]:
        return self.dialect.data_fields(state)

    def emit_Fail(self, state: g.Fail) -> dict[str, Any]:
        return self.dialect.data_fields(state)

    def emit_Literal(self, state: g.Literal) -> dict[str, Any]:
        """Literal ASL as written (its own Type, fields, Next/End); the validator checks it.
        The states nested in it (Parallel branches, Map processors) come from the same call."""
        body: dict[str, Any] = state.body
        for name in _nested_state_names(body):
            self.locations.setdefault(name, state.loc)
        return body


def _nested_state_names(body: dict[str, Any]) -> list[str]:
    scopes = [*(body.get("Branches") or [])]
    scopes += [body[key] for key in ("ItemProcessor", "Iterator") if key in body]
    names: list[str] = []
    for scope in scopes:
        states = scope.get("States") if isinstance(scope, dict) else None
        for name, inner in (states or {}).items():
            names.append(name)
            if isinstance(inner, dict):
                names.extend(_nested_state_names(inner))
    return names


class JsonataDialect:
    """JSONata: values are JSON with `{% expression %}` strings where they are computed."""

    query_language = "JSONata"

    def expression(self, node: ir.Expr) -> str:
        from flowdsl.asl.jsonata import JsonataExpressions

        return "{% " + JsonataExpressions().render(node) + " %}"

    def value(self, value: Any) -> Any:
        if isinstance(value, ir.Const):
            return value.value
        if isinstance(value, ir.ObjectOf):
            return {k: self.value(v) for k, v in value.entries}
        if isinstance(value, ir.ListOf):
            return [self.value(v) for v in value.items]
        if isinstance(value, ir.Expr):
            return self.expression(value)
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        return value

    def choice_rule(self, rule: g.ChoiceRule) -> dict[str, Any]:
        out: dict[str, Any] = {"Condition": self.expression(rule.condition)}
        if rule.assign:
            out["Assign"] = {name: self.value(v) for name, v in rule.assign}
        out["Next"] = rule.next
        return out

    def timing(self, field: str, value: Any) -> dict[str, Any]:
        return {field: self.value(value)}

    def catch_assign(self, pairs: tuple[tuple[str, ir.Expr], ...]) -> dict[str, Any]:
        return {name: self.value(v) for name, v in pairs}

    def enter(self, state: g.State) -> None:
        pass

    def leave(self) -> None:
        pass

    def arguments(self, value: Any) -> dict[str, Any]:
        """The inputs of an ItemReader/ResultWriter (JSONPath writes them as Parameters)."""
        return {"Arguments": self.value(value)}

    def data_fields(self, state: g.State) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if isinstance(state, g.Task | g.Parallel) and state.arguments is not None:
            out["Arguments"] = self.value(state.arguments)
        if isinstance(state, g.Map):
            if state.items is not None:
                out["Items"] = self.value(state.items)
            if state.item_selector is not None:
                out["ItemSelector"] = self.value(state.item_selector)
        if isinstance(state, g.Fail):
            if state.error is not None:
                out["Error"] = self.value(state.error)
            if state.cause is not None:
                out["Cause"] = self.value(state.cause)
        assign = getattr(state, "assign", ())
        if assign:
            out["Assign"] = {name: self.value(v) for name, v in assign}
        output = getattr(state, "output", None)
        if output is not None:
            out["Output"] = self.value(output)
        return out


def _jsonpath_dialect() -> Dialect:
    from flowdsl.asl.jsonpath import JsonPathDialect

    return JsonPathDialect()


DIALECTS: dict[str, Any] = {"JSONata": JsonataDialect, "JSONPath": _jsonpath_dialect}


def emit(graph: g.WorkflowGraph) -> Emitted:
    dialect = DIALECTS.get(graph.query_language)
    if dialect is None:
        raise InternalError(f"no emitter for query language {graph.query_language}")
    return Emitter(dialect()).emit_workflow(graph)
