"""The Map state, inline and distributed: items, ItemSelector, batching, tolerated failures.

Sources:
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html (ItemsPath / Items,
ItemSelector with `$$.Map.Item.Index/Value`, the legacy Iterator/Parameters spelling; results
keep the order of the items whatever MaxConcurrency says),
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html (ItemReader,
ItemBatcher, ToleratedFailureCount/Percentage, `States.ExceedToleratedFailureThreshold`; a
child workflow cannot read the parent's variables).
ItemReader is simulated: the mock keyed by the Map state's name returns the list of items read,
or the S3 object's text, parsed as AWS parses it (flowdsl.run.item_reader).
An inline Map fails with the first failing iteration's error; a distributed one runs a Map Run
of child executions (flowdsl.run.map_run).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from flowdsl.run.dataflow import Visit
from flowdsl.run.errors import (
    STATES_ITEM_READER_FAILED,
    DefinitionError,
    RuntimeFailure,
    StatesError,
)
from flowdsl.run.item_reader import limit_items, parse_object
from flowdsl.run.jsonata_eval import UNDEFINED, QueryEvaluationError, is_expression
from flowdsl.run.map_run import ChildExecution, Tolerance, run_map_run

if TYPE_CHECKING:
    from flowdsl.run.machine import Machine


def run_map(machine: Machine, visit: Visit, attempt: int) -> Any:
    from flowdsl.run.machine import Frame, _copy
    from flowdsl.run.scope import Scope
    from flowdsl.run.states import _where, finish, run_states

    state = visit.state
    processor = state.get("ItemProcessor") or state.get("Iterator")
    if not isinstance(processor, dict):
        raise DefinitionError(f"Map state {visit.name!r} has no ItemProcessor")
    distributed = (processor.get("ProcessorConfig") or {}).get("Mode") == "DISTRIBUTED"
    _check_max_concurrency(machine, visit)
    tolerance = _tolerance(machine, visit) if distributed else None
    items, selector_data = _items(machine, visit, attempt)
    inputs = [
        _select_item(machine, visit, index, item, selector_data) for index, item in enumerate(items)
    ]
    inputs = _batch(machine, visit, inputs, selector_data)
    if tolerance is not None:

        def run_child(index: int, child_input: Any, child: ChildExecution) -> Any:
            where = _where(visit.frame, f"{visit.name}[{index}]")
            return run_states(
                machine, processor, _copy(child_input), Frame(Scope(), where, child=child)
            )

        return finish(machine, visit, run_map_run(machine, visit, inputs, tolerance, run_child))
    results: list[Any] = []
    for index, item_input in enumerate(inputs):
        where = _where(visit.frame, f"{visit.name}[{index}]")
        inner = Frame(visit.frame.scope.child(), where)
        results.append(run_states(machine, processor, _copy(item_input), inner))
    return finish(machine, visit, results)


def _items(machine: Machine, visit: Visit, attempt: int) -> tuple[list[Any], Any]:
    """The list to iterate over, and the data an ItemSelector reads as `$` / `$states.input`."""
    flow, state = machine.flow, visit.state
    reader = state.get("ItemReader")
    if visit.jsonata:
        data = visit.raw_input
        if reader is not None:
            items = _read(machine, visit, reader, attempt, data)
        elif "Items" in state:
            items = _jsonata_items(machine, visit, state["Items"])
        else:
            items = data
            if not isinstance(items, list):
                raise QueryEvaluationError(
                    f"Map state input must be an array but was: {_compact(items)}"
                )
        return items, data
    data = flow.effective_input(visit)
    if reader is not None:
        items = _read(machine, visit, reader, attempt, data)
    else:
        path = state.get("ItemsPath", "$")
        items = data if path == "$" else flow._io_path("ItemsPath", path, data, visit)
    if not isinstance(items, list):
        raise RuntimeFailure(
            f"Map state {visit.name!r}: the items to iterate over are not an array: {items!r}"
        )
    return items, data


# JSON type names as AWS words them in Map errors (recorded: test_map_state_items_*).
_TYPE_NAMES = (
    (bool, "boolean"),
    (int, "number"),
    (float, "number"),
    (str, "string"),
    (dict, "object"),
    (type(None), "null"),
)


def _jsonata_items(machine: Machine, visit: Visit, field: Any) -> list[Any]:
    flow = machine.flow
    source = field[2:-2].strip() if is_expression(field) else json.dumps(field)
    try:
        items = flow.evaluate(visit, field, flow.states(visit))
    except QueryEvaluationError as failure:
        if "returned a function" in (failure.cause or ""):
            raise QueryEvaluationError(
                f"The JSONata expression '{source}' specified for the field 'Items' returned "
                "an unsupported result type."
            ) from None
        raise
    if isinstance(items, list):
        return items
    if items is UNDEFINED:
        # AWS's wording for a field that evaluates to nothing (recorded: test_undefined_reference).
        raise QueryEvaluationError(
            f"The JSONata expression '{source}' specified for the field 'Items' returned "
            "nothing (undefined)."
        )
    kind = next(name for python, name in _TYPE_NAMES if isinstance(items, python))
    raise QueryEvaluationError(
        f"The JSONata expression '{source}' specified for the field 'Items' returned an "
        f"unexpected result type. Expected 'array', but was '{kind}' for value: {_compact(items)}"
    )


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _read(
    machine: Machine, visit: Visit, reader: dict[str, Any], attempt: int, data: Any
) -> list[Any]:
    flow = machine.flow
    if visit.jsonata:
        arguments = flow.evaluate(visit, reader.get("Arguments", {}), flow.states(visit))
    else:
        arguments = flow.template(visit, reader.get("Parameters", {}), data)
    items = machine.call_integration(
        visit.name, str(reader.get("Resource", "ItemReader")), arguments, visit.frame, attempt, None
    )
    config = reader.get("ReaderConfig") or {}
    if isinstance(items, str):
        items = parse_object(items, config)
    if not isinstance(items, list):
        raise StatesError(
            STATES_ITEM_READER_FAILED,
            f"the ItemReader mock of {visit.name!r} must return a list or the object's text",
        )
    return limit_items(items, _number(machine, visit, "MaxItems", "integer", config))


def _select_item(machine: Machine, visit: Visit, index: int, item: Any, data: Any) -> Any:
    flow, state = machine.flow, visit.state
    visit.map_item = {"Index": index, "Value": item}
    try:
        if visit.jsonata:
            if "ItemSelector" not in state:
                return item
            selected = flow.evaluate(visit, state["ItemSelector"], flow.states(visit))
            if selected is UNDEFINED:
                raise QueryEvaluationError(
                    f"The ItemSelector of {visit.name!r} evaluated to undefined"
                )
            return selected
        selector = state.get("ItemSelector", state.get("Parameters"))
        return item if selector is None else flow.template(visit, selector, data)
    finally:
        visit.map_item = None


def _batch(machine: Machine, visit: Visit, inputs: list[Any], data: Any) -> list[Any]:
    batcher = visit.state.get("ItemBatcher")
    if not isinstance(batcher, dict):
        return inputs
    given = _number(machine, visit, "MaxItemsPerBatch", "integer", batcher)
    size = int(given) if given is not None and given >= 1 else len(inputs) or 1
    batch_input = batcher.get("BatchInput")
    if batch_input is not None:
        flow = machine.flow
        if visit.jsonata:
            batch_input = flow.evaluate(visit, batch_input, flow.states(visit))
        else:
            batch_input = flow.template(visit, batch_input, data)
    batches = []
    for start in range(0, len(inputs), size):
        batch: dict[str, Any] = {"Items": inputs[start : start + size]}
        if batch_input is not None:
            batch["BatchInput"] = batch_input
        batches.append(batch)
    return batches


def _tolerance(machine: Machine, visit: Visit) -> Tolerance:
    """ToleratedFailureCount/Percentage (or their Path forms), checked as AWS checks them."""
    count = _number(machine, visit, "ToleratedFailureCount", "integer")
    percentage = _number(machine, visit, "ToleratedFailurePercentage", "float")
    if count is not None and count < 0:
        raise RuntimeFailure("ToleratedFailureCount cannot be negative.")
    if percentage is not None and not 0 <= percentage <= 100:
        raise RuntimeFailure("ToleratedFailurePercentage must be between 0 and 100.")
    return Tolerance(count, percentage)


def _parse_number(value: Any, kind: str) -> float | None:
    """A number, or a string holding one: AWS takes `"1"` from a variable as 1 (recorded:
    test_reference_in_map_state MAP_STATE_REFERENCE_IN_MAX_CONCURRENCY_PATH)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and kind == "float"):
        return float(value)
    if isinstance(value, str):
        try:
            return float(int(value)) if kind == "integer" else float(value)
        except ValueError:
            return None
    return None


def _check_max_concurrency(machine: Machine, visit: Visit) -> None:
    _number(machine, visit, "MaxConcurrency", "integer")


def _number(
    machine: Machine, visit: Visit, field: str, kind: str, holder: Any = None
) -> float | None:
    """A numeric Map field given literally, as a JSONata expression, or through `<field>Path`;
    `holder` is the object holding it (the state, its ItemBatcher or ReaderConfig).

    A path to a value of the wrong type fails the state with States.Runtime, in AWS's words.
    """
    state = visit.state if holder is None else holder
    flow = machine.flow
    if not isinstance(state, dict):
        return None
    if f"{field}Path" in state and not visit.jsonata:
        path = state[f"{field}Path"]
        value = flow._io_path(f"{field}Path", path, flow.effective_input(visit), visit)
        number = _parse_number(value, kind)
        if number is None:
            shown = json.dumps(value, separators=(",", ":"))
            shown = shown[1:-1] if isinstance(value, str) else shown
            raise RuntimeFailure(
                f'The {field}Path field refers to value "{shown}" which is not a valid {kind}: {path}'
            )
        return number
    value = state.get(field)
    if visit.jsonata and isinstance(value, str):
        value = flow.evaluate(visit, value, flow.states(visit))
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
