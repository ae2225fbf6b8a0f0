"""The JSONPath dialect of the emitter: Parameters/ResultSelector/OutputPath, `.$` keys, variables.

Expressions are rendered by `jsonpath_expr` (paths and intrinsic functions) and conditions by
`jsonpath_choice` (Choice rules); this module decides which field of which state holds them.
"""

from __future__ import annotations

from typing import Any

from flowdsl.asl.jsonpath_expr import Dyn, JsonPathExpressions, Lit, Root, as_ir
from flowdsl.errors import SourceLocation
from flowdsl.ir import expr as ir


class JsonPathDialect:
    """JSONPath: `.$` payload templates, variables, reference paths and intrinsics.

    Data moves through workflow variables as in the JSONata form; state input and output only
    carry what the IR says a state outputs. Where `$` points in each field:
    - Parameters, ItemSelector, ItemReader/ResultWriter Parameters: the state input;
      ItemSelector also reads `$$.Map.Item.Value` / `.Index`.
      https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
      https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemselector.html
    - Assign of Task/Parallel/Map and ResultSelector: the state's result (a JSONPath state has
      no `$states.result`); Assign of Pass/Choice/Wait: the input (or a Pass's Result); Assign
      of a Catch: the error output.
      https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
    - An output other than the whole result is a ResultSelector (an object only) plus an
      OutputPath that picks its one field; Pass states use Result or Parameters instead.
      https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
    - Wait/Timeout/Heartbeat values that are not constants go to SecondsPath, TimestampPath,
      TimeoutSecondsPath, HeartbeatSecondsPath (reference paths only); Fail's computed Error
      and Cause go to ErrorPath/CausePath (a reference path or an intrinsic).
      https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html
      https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html
      https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
    - Map items come from ItemsPath, a reference path.
      https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemspath.html
    The AWS pages do not spell out every combination with variables. These are the ones AWS
    answered in LocalStack's parity tests, recorded against AWS (localstack/localstack,
    tests/aws/services/stepfunctions/templates/assign/statemachines/): a Task's Assign reads
    `$.Payload` of the raw result while OutputPath is `$.Payload` too
    (base_assign_from_lambda_task_result); a Pass's Assign reads its Result as `$`
    (base_evaluation_order_pass_state); Assign takes nested objects with `.$` keys and every
    intrinsic (base_assign_from_intrinsic_function); variables in ItemsPath, ItemSelector and
    inside iterations (map_state_reference_in_items_path), in SecondsPath/TimestampPath
    (base_reference_in_wait), TimeoutSecondsPath (base_assign_from_lambda_task_result) and in
    ErrorPath/CausePath (base_reference_in_fail).
    """

    query_language = "JSONPath"

    def __init__(self) -> None:
        self._states: list[SourceLocation] = []

    # -- where errors point --------------------------------------------------------------

    def enter(self, state: Any) -> None:
        self._states.append(state.loc)

    def leave(self) -> None:
        self._states.pop()

    def expressions(self, root: Root, loc: SourceLocation | None = None) -> JsonPathExpressions:
        return JsonPathExpressions(root, loc or (self._states[-1] if self._states else None))

    # -- the Dialect protocol ------------------------------------------------------------

    def value(self, value: Any) -> Any:
        """A JSON value on its own (BatchInput): literal, or a payload template for objects."""
        return self.template(value, "input")

    def arguments(self, value: Any) -> dict[str, Any]:
        return {"Parameters": self.template(value, "input")}

    def timing(self, field: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, ir.Expr):
            return {field: value}
        x = self.expressions("input")
        rendered = x.render(value)
        if isinstance(rendered, Lit):
            return {field: rendered.value}
        if not rendered.path:
            raise x.unsupported(
                f"a computed {field}", "JSONPath takes a variable or a field of one here"
            )
        return {f"{field}Path": rendered.text}

    def catch_assign(self, pairs: tuple[tuple[str, ir.Expr], ...]) -> dict[str, Any]:
        return self.assign(pairs, "error")

    def choice_rule(self, rule: Any) -> dict[str, Any]:
        from flowdsl.asl.jsonpath_choice import JsonPathConditions

        conditions = JsonPathConditions(self.expressions("input", rule.loc))
        out = conditions.rule(rule.condition)
        if rule.assign:  # a rule's Assign reads the Choice state's input as `$`
            out["Assign"] = self.assign(rule.assign, "input")
        return {**out, "Next": rule.next}

    def data_fields(self, state: Any) -> dict[str, Any]:
        from flowdsl.ir import graph as g

        out: dict[str, Any] = {}
        if isinstance(state, g.Task | g.Parallel) and state.arguments is not None:
            out["Parameters"] = self.template(state.arguments, "input")
        if isinstance(state, g.Map):
            if state.items is not None:
                out["ItemsPath"] = self.reference_path(state.items, "the items of a loop")
            if state.item_selector is not None:
                out["ItemSelector"] = self.template(state.item_selector, "input")
        if isinstance(state, g.Fail):
            out.update(self._fail_field("Error", state.error))
            out.update(self._fail_field("Cause", state.cause))
        output = getattr(state, "output", None)
        assign_root: Root = "input"
        if isinstance(state, g.Task | g.Parallel | g.Map):
            assign_root = "result"
        elif isinstance(state, g.Pass) and output is not None:
            out.update(self._pass_output(output))
            assign_root = "result"  # a Pass's Assign reads its Result/Parameters as `$`
            output = None
        assign = getattr(state, "assign", ())
        if assign:
            out["Assign"] = self.assign(assign, assign_root)
        if isinstance(state, g.Task) and state.result_path is not None:
            out["ResultPath"] = result_path(state.result_path)
        if isinstance(state, g.Task | g.Parallel | g.Map):
            out.update(self._result_output(output))
        elif output is not None:
            # Wait and Succeed have OutputPath only.
            out["OutputPath"] = self.reference_path(output, "the output of this state")
        return out

    # -- pieces --------------------------------------------------------------------------

    def assign(self, pairs: tuple[tuple[str, ir.Expr], ...], root: Root) -> dict[str, Any]:
        x = self.expressions(root)
        return self._entries(x, tuple((name, value) for name, value in pairs))

    def template(self, value: Any, root: Root) -> Any:
        """A payload template: objects keep their shape, computed leaves get `.$` keys."""
        x = self.expressions(root)
        node = as_ir(value)
        if isinstance(node, ir.ObjectOf):
            return self._entries(x, node.entries)
        rendered = x.render(node)
        if isinstance(rendered, Lit):
            return rendered.value
        raise x.unsupported("a computed value here", "JSONPath wants a JSON object")

    def _entries(self, x: JsonPathExpressions, entries: tuple[tuple[str, Any], ...]) -> Any:
        out: dict[str, Any] = {}
        for key, value in entries:
            node = as_ir(value)
            if isinstance(node, ir.ObjectOf):
                out[key] = self._entries(x, node.entries)
                continue
            if isinstance(node, ir.ListOf) and _template_array(node):
                out[key] = self._array(x, node)
                continue
            rendered = x.render(node)
            if isinstance(rendered, Lit):
                out[key] = rendered.value
            else:
                out[f"{key}.$"] = rendered.text
        return out

    def _array(self, x: JsonPathExpressions, node: ir.ListOf) -> list[Any]:
        """A list of objects as a template array: the `.$` keys of each object are evaluated
        (as a hand-writer writes EventBridge `Entries`), and literal text such as a `${...}`
        placeholder stays plain JSON that CloudFormation substitutes."""
        out: list[Any] = []
        for item in node.items:
            if isinstance(item, ir.ObjectOf):
                out.append(self._entries(x, item.entries))
            elif isinstance(item, ir.ListOf):
                out.append(self._array(x, item))
            else:
                rendered = x.render(item)
                assert isinstance(rendered, Lit)  # _template_array admitted only these
                out.append(rendered.value)
        return out

    def reference_path(self, node: ir.Expr, what: str) -> str:
        x = self.expressions("input")
        rendered = x.render(node)
        if isinstance(rendered, Dyn) and rendered.path:
            return rendered.text
        raise x.unsupported(
            f"{what} as a computed value", "JSONPath takes a variable or a field of one here"
        )

    def _fail_field(self, field: str, value: Any) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, ir.Expr):
            return {field: value}
        rendered = self.expressions("input").render(value)
        if isinstance(rendered, Lit):
            return {field: rendered.value}
        return {f"{field}Path": rendered.text}

    def _pass_output(self, output: ir.Expr) -> dict[str, Any]:
        x = self.expressions("input")
        if isinstance(output, ir.ObjectOf):
            return {"Parameters": self._entries(x, output.entries)}
        if isinstance(output, ir.ListOf) and _template_array(output):
            return {"Parameters": {"value": self._array(x, output)}, "OutputPath": "$.value"}
        rendered = x.render(output)
        if isinstance(rendered, Lit):
            return {"Result": rendered.value}
        return {"Parameters": {"value.$": rendered.text}, "OutputPath": "$.value"}

    def _result_output(self, output: ir.Expr | None) -> dict[str, Any]:
        if output is None or isinstance(output, ir.StateResult):
            return {}
        x = self.expressions("result")
        if isinstance(output, ir.ObjectOf):
            return {"ResultSelector": self._entries(x, output.entries)}
        rendered = x.render(output)
        if isinstance(rendered, Dyn) and rendered.path and rendered.text.startswith(("$.", "$[")):
            # A part of the result: OutputPath picks it from the output (ResultPath is `$`).
            return {"OutputPath": rendered.text}
        if isinstance(rendered, Lit):
            return {"ResultSelector": {"value": rendered.value}, "OutputPath": "$.value"}
        return {"ResultSelector": {"value.$": rendered.text}, "OutputPath": "$.value"}


def result_path(path: tuple[str, ...]) -> str | None:
    """ASL's ResultPath for an IR result path (ir/state_data.py, whose keys are identifiers):
    `null` for (), else `$.k`."""
    return "$." + ".".join(path) if path else None


def _template_array(node: ir.ListOf) -> bool:
    """Whether a list can be written as a template array: it holds an object with a computed
    member, and every item is an object, such a list, or a constant (an array element has no
    `.$` key, so a computed item needs an intrinsic, States.Array)."""
    has_object = False
    for item in node.items:
        if isinstance(item, ir.ObjectOf):
            has_object = True
        elif isinstance(item, ir.ListOf):
            if not _template_array(item):
                return False
            has_object = True
        elif not isinstance(item, ir.Const):
            return False
    return has_object
