"""Calls in a workflow body: which integration (or flowdsl form) a call means, and its Task fields."""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, field
from typing import Any

from flowdsl.dsl import control, literal, maps
from flowdsl.dsl.aws import SdkOperation, SdkService, aws
from flowdsl.dsl.resources import METHODS, Activity, Function, Resource, StateMachine
from flowdsl.dsl.workflow import Workflow
from flowdsl.errors import CompileError
from flowdsl.frontend.expressions import ExpressionTranslator
from flowdsl.frontend.source import ModuleSource
from flowdsl.frontend.statics import evaluate_static
from flowdsl.frontend.symbols import Symbols
from flowdsl.integrations import api_models
from flowdsl.integrations.activity import ACTIVITY
from flowdsl.integrations.model import Integration
from flowdsl.integrations.registry import BY_RESOURCE
from flowdsl.integrations.sdk import SdkLookupError, sdk_integration
from flowdsl.ir import expr as ir
from flowdsl.ir.graph import RetryRule

# Options a service call takes besides the API's own (PascalCase) parameters.
TASK_OPTIONS = ("retry", "timeout_seconds", "heartbeat_seconds", "callback", "sync")


@dataclass(frozen=True)
class FlowForm:
    """A call of one of flowdsl's control forms: parallel(), wait(), map_over()."""

    name: str


@dataclass
class ServiceCall:
    """What a Task needs from one integration call."""

    record: Integration
    pattern: str
    arguments: Any  # the Task's Arguments: parameters by name, or an activity's whole input
    result: ir.Expr  # how to read the call's value from `$states.result`
    retry: tuple[RetryRule, ...] = ()
    timeout_seconds: int | ir.Expr | None = None
    heartbeat_seconds: int | ir.Expr | None = None
    resources: list[Resource] = field(default_factory=list)
    result_members: frozenset[str] | None = None  # None: the result's shape is not known
    activity: str | None = None  # an activity's ARN, which is the Task's whole Resource

    @property
    def resource_arn(self) -> str:
        return self.activity or self.record.resource_arn(self.pattern)


_FORMS = {
    control.integration: "integration",
    control.parallel: "parallel",
    control.wait: "wait",
    maps.map_over: "map_over",
    maps.distributed_map: "distributed_map",
    literal.asl_states: "asl_states",
    literal.asl_state: "asl_state",
}


def _asks_whole_response(node: ast.Call, callee: Any) -> bool:
    """`fn.invoke(payload)`: the whole lambda:invoke response, where `fn(payload)` is only
    the function's return value (the response's Payload); `child.invoke(input)` of a workflow:
    the whole DescribeExecution result, where `child(input)` is the child's Output."""
    return (
        isinstance(callee, Function | Workflow)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "invoke"
    )


def resolve_callee(func: ast.expr, symbols: Symbols) -> tuple[Any, str | None]:
    """The object a call's callee names and, for `obj.method`, the method name."""
    if isinstance(func, ast.Name) and not symbols.is_variable(func.id):
        found, value = symbols.lookup_global(func.id)
        return (value, None) if found else (None, None)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute):
        base, _ = resolve_callee(func.value, symbols)
        if isinstance(base, SdkService):
            return getattr(base, func.attr), None  # aws.<service>.<operation>
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and not symbols.is_variable(func.value.id)
    ):
        found, value = symbols.lookup_global(func.value.id)
        if found and isinstance(value, Resource | Workflow):
            return value, func.attr
        if found and value is aws:
            return getattr(value, func.attr), None
    return None, None


def classify(
    node: ast.Call, symbols: Symbols
) -> Integration | Workflow | SdkOperation | FlowForm | None:
    value, method = resolve_callee(node.func, symbols)
    if value is None:
        return None
    if isinstance(value, Workflow):
        return value if method in (None, "invoke") else None
    if isinstance(value, SdkOperation):
        return value
    if method is None:
        try:
            form = _FORMS.get(value)
        except TypeError:
            form = None
        if form:
            return FlowForm(form)
        if isinstance(value, Function):
            return BY_RESOURCE["lambda:invoke"]
        if isinstance(value, Activity):
            return ACTIVITY
        return None
    if isinstance(value, Resource):
        key = METHODS.get(type(value), {}).get(method)
        return BY_RESOURCE[key] if key else None
    return None


def is_call_of_interest(node: ast.Call, symbols: Symbols) -> bool:
    return classify(node, symbols) is not None


class ServiceCallBuilder:
    """Turns one integration call into a ServiceCall, checking parameters against botocore."""

    def __init__(self, source: ModuleSource, symbols: Symbols, exprs: ExpressionTranslator):
        self.source = source
        self.symbols = symbols
        self.exprs = exprs

    def error(
        self, code: str, node: ast.AST, message: str, hint: str | None = None
    ) -> CompileError:
        return CompileError.at(code, message, self.source.location(node), hint)

    def build(
        self,
        node: ast.Call,
        target: Integration | Workflow | SdkOperation | FlowForm,
        *,
        workflow_type: str = "STANDARD",
    ) -> ServiceCall:
        resource, _ = resolve_callee(node.func, self.symbols)
        whole = _asks_whole_response(node, resource)
        positional = list(node.args)
        if isinstance(target, FlowForm):  # integration("http:invoke", ...)
            target = self._named_integration(node)
            positional = positional[1:]
        if isinstance(target, SdkOperation):
            try:
                callback = next((k for k in node.keywords if k.arg == "callback"), None)
                target = sdk_integration(
                    target.service, target.operation, callback=self._flag(callback)
                )
            except SdkLookupError as exc:
                raise self.error("FD163", node.func, str(exc), exc.hint) from None
        options = {k.arg: k for k in node.keywords if k.arg in TASK_OPTIONS}
        params = {k.arg: k.value for k in node.keywords if k.arg and k.arg not in TASK_OPTIONS}
        for keyword in node.keywords:
            if keyword.arg is None:
                raise self.error(
                    "FD150",
                    keyword,
                    "`**` arguments are not supported in a service call",
                    "write each parameter out",
                )
            if keyword.arg[:1].islower() and keyword.arg not in TASK_OPTIONS:
                close = difflib.get_close_matches(keyword.arg, TASK_OPTIONS, 1)
                raise self.error(
                    "FD150",
                    keyword,
                    f"unknown option {keyword.arg!r}",
                    f"did you mean {close[0]!r}?"
                    if close
                    else "options are "
                    + ", ".join(TASK_OPTIONS)
                    + "; API parameters are written as AWS spells them (PascalCase)",
                )
        if isinstance(target, Workflow):
            record = BY_RESOURCE["states:startExecution"]
            resource = StateMachine(target.name)
            if len(node.args) > 1:
                raise self.error("FD153", node.args[1], "a workflow takes one input")
            if node.args:
                params["Input"] = node.args[0]
        else:
            record = target
            if positional and isinstance(resource, SdkOperation):
                raise self.error("FD153", positional[0], "pass AWS SDK parameters by name")
            if isinstance(resource, Activity):
                return self._activity_call(node, resource, positional, options, workflow_type)
            if positional:
                if not isinstance(resource, Function) or len(positional) > 1:
                    raise self.error(
                        "FD153", positional[0], "pass parameters by name", "e.g. MessageBody=..."
                    )
                params["Payload"] = positional[0]

        pattern = self._pattern(node, record, options, target)
        if workflow_type == "EXPRESS" and pattern != "request-response":
            # Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html
            raise self.error(
                "FD164",
                options.get("callback") or options.get("sync") or node,
                f"an Express workflow cannot wait for a {pattern} task: Express workflows "
                "support only request-response integrations",
                'drop callback=/sync=, or make the workflow @workflow(type="STANDARD")',
            )
        arguments: dict[str, Any] = {}
        if record.target_parameter and isinstance(resource, Resource):
            if record.target_parameter in params:
                raise self.error(
                    "FD154",
                    params[record.target_parameter],
                    f"{record.target_parameter} is filled in from the declared resource",
                    f"remove {record.target_parameter}=...",
                )
            arguments[record.target_parameter] = resource.reference
        for name, value_node in params.items():
            arguments[name] = self._argument(value_node)
        if record.resource == "events:putEvents" and isinstance(resource, Resource):
            self._fill_event_bus(arguments, resource)
        self._check_parameters(node, record, params, arguments)

        result: ir.Expr = ir.StateResult()
        if pattern == "waitForTaskToken" or whole:
            pass  # the worker's output, or the whole response, is the result as sent
        elif isinstance(target, Workflow) and pattern == "sync:2":
            result = ir.Field(ir.StateResult(), "Output")
        elif record.result_member:
            result = ir.Field(ir.StateResult(), record.result_member)
        call = ServiceCall(record, pattern, arguments, result)
        if pattern == "request-response" and isinstance(result, ir.StateResult):
            members = self._output_members(record.service, record.operation)
            call.result_members = members and members | record.response_metadata
        elif whole and isinstance(target, Workflow):
            # A .sync:2 child's result is what DescribeExecution answers (its Input and
            # Output as JSON): https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
            call.result_members = self._output_members("stepfunctions", "DescribeExecution")
        if isinstance(resource, Resource):
            call.resources.append(resource)
        if isinstance(target, Workflow):
            call.resources.append(StateMachine(target.name))
        self._options(call, options)
        return call

    def _named_integration(self, node: ast.Call) -> Integration:
        first = node.args[0] if node.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            raise self.error(
                "FD165",
                first or node,
                "integration() takes the Resource form first, as a string",
                'e.g. integration("http:invoke", ApiEndpoint=..., Method="GET", ...)',
            )
        record = BY_RESOURCE.get(first.value)
        if record is None:
            close = difflib.get_close_matches(first.value, sorted(BY_RESOURCE), 3)
            raise self.error(
                "FD165",
                first,
                f"Step Functions has no optimized integration {first.value!r}",
                f"did you mean {', '.join(map(repr, close))}?"
                if close
                else "for an AWS API call write aws.<service>.<operation>(...)",
            )
        return record

    def _activity_call(
        self,
        node: ast.Call,
        activity: Activity,
        positional: list[ast.expr],
        options: dict[str, ast.keyword],
        workflow_type: str,
    ) -> ServiceCall:
        if workflow_type == "EXPRESS":
            raise self.error(
                "FD164",
                node,
                "an Express workflow cannot use activities",
                'make the workflow @workflow(type="STANDARD"), or call a Function instead',
            )
        extra = [k for k in node.keywords if k.arg not in TASK_OPTIONS] + positional[1:]
        if extra:
            raise self.error("FD153", extra[0], "an activity takes one input (its task's input)")
        for name in ("callback", "sync"):
            if name in options:
                raise self.error(
                    "FD156", options[name], "an activity task already waits for its worker"
                )
        arguments = self._argument(positional[0]) if positional else None
        call = ServiceCall(ACTIVITY, "request-response", arguments, ir.StateResult())
        call.activity = activity.reference
        call.resources.append(activity)
        self._options(call, options)
        return call

    @staticmethod
    def _output_members(service: str, operation: str | None) -> frozenset[str] | None:
        if operation is None:
            return None
        try:
            shape = api_models.operation_shape(service, operation)
        except (api_models.UnknownService, api_models.UnknownOperation):
            return None
        return frozenset(_capitalized(m) for m in shape.output_members)

    def _pattern(
        self,
        node: ast.Call,
        record: Integration,
        options: dict[str, ast.keyword],
        target: Integration | Workflow,
    ) -> str:
        callback = self._flag(options.get("callback"))
        sync = self._flag(options.get("sync"))
        if isinstance(target, Workflow) and "sync" not in options:
            sync = True  # calling a workflow waits for its result, like calling a function
        if callback and sync:
            raise self.error(
                "FD155",
                options["callback"],
                "a call is either callback=True or sync=True, not both",
            )
        pattern = "request-response"
        if callback:
            pattern = "waitForTaskToken"
        elif sync:
            pattern = "sync:2" if "sync:2" in record.patterns else "sync"
        if pattern not in record.patterns:
            supported = ", ".join(sorted(record.patterns))
            at = options.get("callback") or options.get("sync") or node
            raise self.error(
                "FD156",
                at,
                f"{record.resource} does not support the {pattern} "
                f"pattern (it supports {supported})",
                f"see {record.docs}",
            )
        return pattern

    def _flag(self, keyword: ast.keyword | None) -> bool:
        if keyword is None:
            return False
        value = evaluate_static(keyword.value, self.symbols, self.source)
        if not isinstance(value, bool):
            raise self.error("FD157", keyword.value, f"{keyword.arg} takes True or False")
        return value

    def _argument(self, node: ast.expr) -> Any:
        return self.exprs.translate(node)

    def _fill_event_bus(self, arguments: dict[str, Any], bus: Resource) -> None:
        entries = arguments.get("Entries")
        if isinstance(entries, ir.Const) and isinstance(entries.value, list):
            arguments["Entries"] = ir.Const(
                [
                    {"EventBusName": bus.reference, **e} if isinstance(e, dict) else e
                    for e in entries.value
                ]
            )
        elif isinstance(entries, ir.ListOf):
            arguments["Entries"] = ir.ListOf(
                tuple(
                    ir.ObjectOf((("EventBusName", ir.Const(bus.reference)), *e.entries))
                    if isinstance(e, ir.ObjectOf)
                    else ir.Const({"EventBusName": bus.reference, **e.value})
                    if isinstance(e, ir.Const) and isinstance(e.value, dict)
                    else e
                    for e in entries.items
                )
            )

    def _check_parameters(
        self,
        node: ast.Call,
        record: Integration,
        params: dict[str, ast.expr],
        arguments: dict[str, Any],
    ) -> None:
        if record.operation is None:  # no API operation: the record's documented table
            if record.extra_parameters:
                self._check_names(
                    node,
                    record,
                    params,
                    arguments,
                    set(record.extra_parameters),
                    set(record.required_parameters),
                )
            given = sorted(record.one_of_parameters & set(params))
            if record.one_of_parameters and len(given) != 1:
                choices = " or ".join(sorted(record.one_of_parameters))
                raise self.error(
                    "FD152",
                    params[given[1]] if len(given) > 1 else node,
                    f"{record.resource} takes one of {choices}"
                    + (", not both" if len(given) > 1 else ""),
                    "name the EventBridge connection in one of them",
                )
            return
        try:
            shape = api_models.operation_shape(record.service, record.operation)
        except (api_models.UnknownService, api_models.UnknownOperation):
            return  # botocore too old to know it: AWS validates at deployment instead
        # Step Functions spells every API member with a capital first letter (`Input` for
        # StartExecution's `input`): https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
        allowed = {_capitalized(m) for m in shape.input_members} | set(record.extra_parameters)
        required = {_capitalized(m) for m in shape.required}
        self._check_names(node, record, params, arguments, allowed, required)
        for name, value_node in params.items():
            self._check_literal_type(shape, name, arguments[name], value_node, record)

    def _check_names(
        self,
        node: ast.Call,
        record: Integration,
        params: dict[str, ast.expr],
        arguments: dict[str, Any],
        allowed: set[str],
        required: set[str],
    ) -> None:
        """FD151 for a parameter the integration does not take, FD152 for a missing one."""
        for name, value_node in params.items():
            if name not in allowed:
                close = difflib.get_close_matches(name, sorted(allowed), 1)
                keyword = next((k for k in node.keywords if k.arg == name), value_node)
                raise self.error(
                    "FD151",
                    keyword,
                    f"{record.resource} has no parameter {name!r}",
                    f"did you mean {close[0]!r}?"
                    if close
                    else "parameters: " + ", ".join(sorted(allowed)),
                )
        missing = sorted(required - set(arguments))
        if missing:
            raise self.error(
                "FD152",
                node,
                f"{record.resource} needs {', '.join(missing)}",
                "add " + ", ".join(f"{m}=..." for m in missing),
            )

    def _check_literal_type(
        self,
        shape: api_models.OperationShape,
        name: str,
        value: Any,
        node: ast.expr,
        record: Integration,
    ) -> None:
        if not isinstance(value, ir.Const):
            return
        kind = shape.member_type(name) or shape.member_type(name[:1].lower() + name[1:])
        literal = value.value
        wrong = (
            (
                kind in ("integer", "long")
                and (isinstance(literal, bool) or not isinstance(literal, int))
            )
            or (
                kind in ("float", "double")
                and (isinstance(literal, bool) or not isinstance(literal, int | float))
            )
            or (kind == "boolean" and not isinstance(literal, bool))
            or (kind == "string" and isinstance(literal, bool | int | float))
            or (kind == "list" and not isinstance(literal, list))
            or (kind in ("structure", "map") and not isinstance(literal, dict))
        )
        if wrong:
            article = "an" if str(kind)[:1] in "aeiou" else "a"
            raise self.error(
                "FD158",
                node,
                f"{name} of {record.resource} takes {article} {kind}, "
                f"not {type(literal).__name__} {literal!r}",
            )

    def _options(self, call: ServiceCall, options: dict[str, ast.keyword]) -> None:
        if "retry" in options:
            call.retry = retry_rules(options["retry"].value, self.symbols, self.source)
        for option in ("timeout_seconds", "heartbeat_seconds"):
            if option in options:
                value = self.exprs.translate(options[option].value)
                if isinstance(value, ir.Const):
                    if (
                        not isinstance(value.value, int)
                        or isinstance(value.value, bool)
                        or value.value < 1
                    ):
                        raise self.error(
                            "FD159",
                            options[option].value,
                            f"{option} takes a positive whole number of seconds",
                        )
                    setattr(call, option, value.value)
                else:
                    setattr(call, option, value)
        if (
            isinstance(call.timeout_seconds, int)
            and isinstance(call.heartbeat_seconds, int)
            and call.heartbeat_seconds >= call.timeout_seconds
        ):
            raise self.error(
                "FD159",
                options["heartbeat_seconds"].value,
                "heartbeat_seconds must be less than timeout_seconds",
            )


def retry_rules(node: ast.expr, symbols: Symbols, source: ModuleSource) -> tuple[RetryRule, ...]:
    value = evaluate_static(node, symbols, source)
    policies = value if isinstance(value, list | tuple) else [value]
    rules: list[RetryRule] = []
    for policy in policies:
        if not isinstance(policy, control.Retry):
            raise CompileError.at(
                "FD160",
                "retry takes a Retry(...) or a list of them",
                source.location(node),
                "retry=Retry(States.TaskFailed, max_attempts=3)",
            )
        rules.append(
            RetryRule(
                errors=error_names(policy.errors, node, source) or ("States.ALL",),
                interval_seconds=policy.interval_seconds,
                max_attempts=policy.max_attempts,
                backoff_rate=policy.backoff_rate,
                max_delay_seconds=policy.max_delay_seconds,
                jitter_strategy=policy.jitter_strategy,
            )
        )
    return tuple(rules)


def error_names(classes: Any, node: ast.AST, source: ModuleSource) -> tuple[str, ...]:
    from flowdsl.dsl.errors import WorkflowError

    names: list[str] = []
    for cls in classes:
        if cls is Exception or cls is BaseException:
            names.append("States.ALL")
        elif isinstance(cls, type) and issubclass(cls, WorkflowError):
            names.append(cls.error_name)
        else:
            raise CompileError.at(
                "FD161",
                f"{getattr(cls, '__name__', cls)!r} is not an error a workflow can name",
                source.location(node),
                'use States.*, Lambda.*, an error("Name") class, or Exception for every error',
            )
    return tuple(names)


def _capitalized(member: str) -> str:
    return member[:1].upper() + member[1:]
