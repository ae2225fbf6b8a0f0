"""How data enters and leaves a state, per query language (JSONPath fields vs JSONata fields).

JSONPath order, from https://docs.aws.amazon.com/step-functions/latest/dg/concepts-input-output-filtering.html:
InputPath -> Parameters -> (work) -> ResultSelector -> ResultPath -> OutputPath.
JSONata, from https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html:
Arguments -> (work) -> Output, with `$states.input/result/errorOutput/context`; Assign and Output
read the same `$states` and the variables as they were when the state was entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowdsl.run.jsonata_eval import UNDEFINED, QueryEvaluationError
from flowdsl.run.jsonpath import put_result, resolve_template, select_io_path

if TYPE_CHECKING:
    from flowdsl.run.machine import Frame, Machine

_ABSENT: Any = object()
_RETRYABLE = ("Task", "Parallel", "Map")  # the state types that take a Retry field


@dataclass
class Visit:
    """One entry into one state: what it got, where it runs, and its context object."""

    name: str
    state: dict[str, Any]
    frame: Frame
    language: str
    raw_input: Any
    entered: str
    retry_count: int = 0
    token: str | None = None
    map_item: dict[str, Any] | None = None

    @property
    def jsonata(self) -> bool:
        return self.language == "JSONata"


class Dataflow:
    """Field processing shared by every state type; one instance per run."""

    def __init__(self, machine: Machine) -> None:
        self.machine = machine

    def context(self, visit: Visit) -> dict[str, Any]:
        context = self.machine.context(
            visit.name, visit.frame, visit.entered, visit.retry_count, visit.token
        )
        if visit.map_item is not None:
            context["Map"] = {"Item": visit.map_item}
        if visit.state.get("Type") not in _RETRYABLE:
            # Recorded on AWS: a Pass state's $$.State has no RetryCount, a Task's has
            # (tests/parity/: test_context_object test_input_path, outputdecl BASE_EXPR).
            del context["State"]["RetryCount"]
        return context

    # -- JSONPath --------------------------------------------------------------------------------

    def effective_input(self, visit: Visit) -> Any:
        path = visit.state.get("InputPath", "$")
        if path == "$":
            return visit.raw_input
        return self._io_path("InputPath", path, visit.raw_input, visit)

    def _io_path(self, field: str, path: str | None, data: Any, visit: Visit) -> Any:
        return select_io_path(field, path, data, self.context(visit), visit.frame.scope)

    def template(self, visit: Visit, template: Any, data: Any) -> Any:
        """Resolve a JSONPath payload template (`.$` keys, paths, intrinsics) against `data`."""
        return resolve_template(
            template, data, self.context(visit), visit.frame.scope, self.machine.intrinsics.evaluate
        )

    def select_result(self, visit: Visit, result: Any) -> Any:
        selector = visit.state.get("ResultSelector")
        return result if selector is None else self.template(visit, selector, result)

    def place_result(self, visit: Visit, result: Any, path: Any = _ABSENT) -> Any:
        if path is _ABSENT:
            path = visit.state.get("ResultPath", "$")
        return put_result(path, visit.raw_input, result)

    def output_path(self, visit: Visit, value: Any) -> Any:
        path = visit.state.get("OutputPath", "$")
        if path == "$":
            return value
        return self._io_path("OutputPath", path, value, visit)

    def assign_jsonpath(self, visit: Visit, assign: Any, data: Any) -> dict[str, Any]:
        """Assign in a JSONPath state: `.$` values are paths over `data`, `$$` and variables.

        `data` is the state's result before ResultSelector (its effective input for Choice and
        Wait, the error output in a Catch), as moto/LocalStack evaluate it.
        """
        if assign is None:
            return {}
        values = self.template(visit, assign, data)
        if not isinstance(values, dict):
            raise QueryEvaluationError(f"Assign of state {visit.name!r} must be an object")
        return values

    # -- JSONata ---------------------------------------------------------------------------------

    def states(
        self, visit: Visit, result: Any = _ABSENT, error_output: Any = _ABSENT
    ) -> dict[str, Any]:
        states: dict[str, Any] = {"input": visit.raw_input, "context": self.context(visit)}
        if result is not _ABSENT:
            states["result"] = result
        if error_output is not _ABSENT:
            states["errorOutput"] = error_output
        return states

    def evaluate(self, visit: Visit, value: Any, states: dict[str, Any]) -> Any:
        """Evaluate a JSONata field value (a `{% %}` string, or JSON holding some)."""
        return self.machine.jsonata.template(value, states, visit.frame.scope.visible())

    def jsonata_output(
        self, visit: Visit, holder: dict[str, Any], states: dict[str, Any], default: Any
    ) -> Any:
        if "Output" not in holder:
            return default
        output = self.evaluate(visit, holder["Output"], states)
        if output is UNDEFINED:
            raise QueryEvaluationError(f"The Output of state {visit.name!r} evaluated to undefined")
        return output

    def assign_jsonata(
        self, visit: Visit, holder: dict[str, Any], states: dict[str, Any]
    ) -> dict[str, Any]:
        assign = holder.get("Assign")
        if assign is None:
            return {}
        values = self.evaluate(visit, assign, states)
        if not isinstance(values, dict):
            raise QueryEvaluationError(f"Assign of state {visit.name!r} must be an object")
        return values

    # -- both --------------------------------------------------------------------------------

    def bind(self, visit: Visit, values: dict[str, Any]) -> None:
        """Bind the Assign values computed from the old variables, all at once."""
        if not values:
            return
        visit.frame.scope.assign(values, visit.name)
        self.machine.emit("VariablesAssigned", visit.frame, state=visit.name, variables=values)
