"""`flowdsl import --verify`: the original and the recompiled definition must behave the same.

Both run in flowdsl's offline runner with the same inputs and the same answers from every
integration. Inputs and answers are derived from the definition: one object holding every
field any path reads (so reads find a value), one variant per Choice rule that makes the rule
true, and one run per Catch in which that Task fails with an error the catcher matches.
Compared: status, output, error and cause, and each Task's calls with their arguments (a
legacy Lambda ARN and `lambda:invoke` count as the same call of the same function).
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowdsl.importer import jsonata_inputs
from flowdsl.importer.calls import integration_of
from flowdsl.importer.problems import ImportFailed

if TYPE_CHECKING:
    from flowdsl.build.compiling import CompileResult
from flowdsl.run import Call, RunOptions, run, state_types
from flowdsl.run.errors import StatesError
from flowdsl.run.jsonpath import parse_reference

_LIMIT = 2_000  # transitions per run: derived inputs can keep a polling loop going forever


@dataclass
class Scenario:
    name: str
    input: Any
    results: dict[str, Any]  # Task state -> what its integration answers (a Lambda: its payload)
    failing: dict[str, str] = field(default_factory=dict)  # Task state -> error it raises


@dataclass
class Difference:
    scenario: str
    what: str
    original: Any
    imported: Any

    def format(self) -> str:
        return (
            f"  {self.scenario}: {self.what} differs\n"
            f"    original: {_show(self.original)}\n    imported: {_show(self.imported)}"
        )


@dataclass
class Report:
    scenarios: int = 0
    inconclusive: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.differences


def recompile(source: str, name: str) -> dict[str, Any]:
    """Compile the imported module in a scratch project; its ASL definition, or ImportFailed."""
    result = compile_in_scratch(source)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        shown = "\n".join(d.format() for d in errors[:5])
        raise ImportFailed(f"the imported module of {name} does not compile:\n{shown}")
    if len(result.workflows) != 1:
        raise ImportFailed(f"the imported module of {name} holds no single workflow")
    return result.workflows[0].definition


def compile_in_scratch(source: str) -> CompileResult:
    """`flowdsl compile` of one module as flows/imported.py of an empty project."""
    from flowdsl.compiler import compile_paths

    with tempfile.TemporaryDirectory(prefix="flowdsl-import-") as scratch:
        root = Path(scratch)
        (root / "flows").mkdir()
        module = root / "flows" / "imported.py"
        module.write_text(source, encoding="utf-8")
        return compile_paths([module], root)


def verify(original: dict[str, Any], recompiled: dict[str, Any]) -> Report:
    report = Report()
    for scenario in scenarios(original):
        report.scenarios += 1
        before = _run(original, scenario)
        after = _run(recompiled, scenario)
        if _ran_away(before):
            report.inconclusive.append(scenario.name)
            continue
        report.differences.extend(_compare(scenario.name, before, after))
    return report


def scenarios(definition: dict[str, Any]) -> Iterator[Scenario]:
    states = state_types(definition)
    tasks = [n for n, s in states.items() if s.get("Type") == "Task"]
    base = _universal(definition)
    read = _read_items(definition)
    yield Scenario("derived input", base, {**dict.fromkeys(tasks, base), **read})
    for index, assignments in enumerate(_rule_values(definition)):
        variant = copy.deepcopy(base)
        for variable, value in assignments:
            for suffix in _suffixes(variable):
                if value is _ABSENT:
                    _remove(variant, suffix)
                else:
                    _put(variant, suffix, value)
        described = ", ".join(".".join(map(str, v)) for v, _ in assignments)
        yield Scenario(
            f"choice rule {index + 1} ({described})",
            variant,
            {**dict.fromkeys(tasks, variant), **read},
        )
    for name, state in states.items():
        for catcher in state.get("Catch") or []:
            errors = catcher.get("ErrorEquals") or []
            error = next((e for e in errors if e != "States.ALL"), "States.TaskFailed")
            if state.get("Type") != "Task":
                continue
            yield Scenario(
                f"{name} fails with {error}",
                base,
                {**dict.fromkeys(tasks, base), **read},
                {name: error},
            )


@dataclass
class _Outcome:
    status: str
    output: Any
    error: str | None
    cause: str | None
    calls: dict[str, list[Any]]
    # A Distributed Map's child execution stopped by the transition bound (the Map then fails
    # with another error).
    child_ran_away: bool = False


def _run(definition: dict[str, Any], scenario: Scenario) -> _Outcome:
    states = state_types(definition)
    calls: dict[str, list[Any]] = {}

    def answer(name: str, resource: str) -> Any:
        def respond(arguments: Any, call: Call) -> Any:
            # The definition's Resource tells a lambda:invoke (a placeholder partition is
            # filled in with a fake value in call.resource).
            invoke = _is_lambda_invoke(resource)
            calls.setdefault(name, []).append(_normalized(call.resource, arguments, invoke))
            if name in scenario.failing:
                raise StatesError(scenario.failing[name], f"{name} failed (import --verify)")
            value = copy.deepcopy(scenario.results.get(name))
            if _is_lambda_invoke(resource):
                return {"ExecutedVersion": "$LATEST", "Payload": value, "StatusCode": 200}
            return value

        return respond

    mocks = {
        name: answer(name, str(state.get("Resource")))
        for name, state in states.items()
        if state.get("Type") == "Task"
    }
    for name, state in states.items():
        if state.get("Type") == "Map" and isinstance(state.get("ItemReader"), dict):
            mocks[name] = _reader_answer(name, scenario.results.get(name), calls)
    execution = run(definition, scenario.input, mocks, options=RunOptions(max_transitions=_LIMIT))
    child_ran_away = any(
        _is_transition_limit(event.get("cause"))
        for event in execution.events("ChildExecutionFailed")
    )
    return _Outcome(
        execution.status, execution.output, execution.error, execution.cause, calls, child_ran_away
    )


def _reader_answer(name: str, items: Any, calls: dict[str, list[Any]]) -> Any:
    def respond(arguments: Any, call: Call) -> Any:
        calls.setdefault(name, []).append(arguments)
        return copy.deepcopy(items)

    return respond


def _read_items(definition: dict[str, Any]) -> dict[str, Any]:
    """What each Distributed Map's ItemReader reads: two items that have what the original's
    processor reads (the same items for both definitions)."""
    return {
        name: [_item(state)] * 2
        for name, state in state_types(definition).items()
        if state.get("Type") == "Map" and isinstance(state.get("ItemReader"), dict)
    }


def _ran_away(outcome: _Outcome) -> bool:
    return outcome.child_ran_away or (
        outcome.status != "SUCCEEDED" and _is_transition_limit(outcome.cause)
    )


def _is_transition_limit(cause: Any) -> bool:
    return isinstance(cause, str) and "more than" in cause and "states" in cause


def _compare(scenario: str, before: _Outcome, after: _Outcome) -> list[Difference]:
    found: list[Difference] = []
    if before.status != after.status:
        found.append(Difference(scenario, "status", _summary(before), _summary(after)))
        return found
    if before.status == "SUCCEEDED" and before.output != after.output:
        found.append(Difference(scenario, "output", before.output, after.output))
    if before.status != "SUCCEEDED" and before.error != after.error:
        found.append(Difference(scenario, "error", _summary(before), _summary(after)))
    for state in sorted(set(before.calls) | set(after.calls)):
        if before.calls.get(state) != after.calls.get(state):
            found.append(
                Difference(
                    scenario, f"calls of {state!r}", before.calls.get(state), after.calls.get(state)
                )
            )
    return found


def _summary(outcome: _Outcome) -> Any:
    if outcome.status == "SUCCEEDED":
        return {"status": outcome.status, "output": outcome.output}
    return {"status": outcome.status, "error": outcome.error, "cause": outcome.cause}


def _is_lambda_invoke(resource: str) -> bool:
    # `arn:${AWS::Partition}:states:::lambda:invoke.waitForTaskToken` too.
    return (integration_of(resource) or "").startswith("lambda:invoke")


def _normalized(resource: str, arguments: Any, lambda_invoke: bool) -> Any:
    """One form for a Lambda call whichever way the definition invokes it."""
    if lambda_invoke and isinstance(arguments, dict):
        return {"function": arguments.get("FunctionName"), "payload": arguments.get("Payload")}
    if ":states:" in resource:  # an integration or an activity
        return arguments
    # A Lambda function's ARN as the Resource (written or filled in for a placeholder).
    return {"function": resource, "payload": arguments}


# -- derived inputs ---------------------------------------------------------------------------


def _universal(definition: dict[str, Any]) -> Any:
    """An object with a value at every path the definition reads, at any depth."""
    value: dict[str, Any] = {}
    suffixes = {suffix for steps in _paths(definition) for suffix in _suffixes(steps)}
    # Longest first, so `$.order.items` makes `order` an object before `$.order` is seen;
    # each field holds its own name, so a run that reads the wrong one shows it.
    for suffix in sorted(suffixes, key=lambda s: (-len(s), [str(p) for p in s])):
        _put(value, suffix, ".".join(map(str, suffix)), keep=True)
    for read, kind in jsonata_inputs.typed_fields(definition):  # `$count(x)`: x is a list
        typed = [".".join(map(str, read))] * 2 if kind == "array" else True
        for suffix in _suffixes(read):
            _put(value, suffix, typed)
    # What a Map iterates over is a list of items that have what its processor reads.
    for state in state_types(definition).values():
        processor = state.get("ItemProcessor") or state.get("Iterator")
        items_path = state.get("ItemsPath", "$")
        steps: tuple[str | int, ...] | None = next(
            jsonata_inputs.field_paths(state.get("Items")), None
        )
        if steps is None and isinstance(items_path, str):
            steps = next(_steps(items_path), None)
        if state.get("Type") == "Map" and isinstance(processor, dict) and steps:
            item = _item(state)
            for suffix in _suffixes(steps):
                _put(value, suffix, [copy.deepcopy(item), copy.deepcopy(item)])
    return value


def _item(state: dict[str, Any]) -> Any:
    """An item of a Map: what its processor reads, and what its ItemSelector reads of
    `$$.Map.Item.Value`."""
    item = _universal(state.get("ItemProcessor") or state.get("Iterator") or {})
    selector = json.dumps(state.get("ItemSelector", state.get("Parameters")) or {})
    for text in re.findall(r"\$\$\.Map\.Item\.Value(\.[^\"',)]+)", selector):
        steps = next(_steps("$" + text), None)
        if steps and isinstance(item, dict):
            _put(item, steps, ".".join(map(str, steps)), keep=True)
    return item


def _paths(node: Any) -> Iterator[tuple[str | int, ...]]:
    yield from jsonata_inputs.field_paths(node)  # a JSONata `{% %}` string
    if isinstance(node, dict):
        for key, item in node.items():
            if isinstance(item, str) and (
                key.endswith(".$") or key.endswith("Path") or key == "Variable"
            ):
                yield from _steps(item)
            yield from _paths(item)
    elif isinstance(node, list):
        for item in node:
            yield from _paths(item)


def _steps(text: str) -> Iterator[tuple[str | int, ...]]:
    for piece in text.replace("(", ",").replace(")", ",").split(","):
        piece = piece.strip()
        if not piece.startswith("$") or piece.startswith("$$"):
            continue
        try:
            parsed = parse_reference(piece)
        except Exception:  # not a path after all (a literal inside an intrinsic)
            continue
        if parsed is not None and parsed[0] == "$" and parsed[2]:
            yield tuple(parsed[2])


def _suffixes(steps: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    # A result placed by ResultPath "$.status" is read as "$.status.state": the task's answer
    # needs "state" at its top, the input needs it under "status". Every suffix covers both.
    for start in range(len(steps)):
        yield steps[start:]


def _put(target: Any, steps: tuple[str | int, ...], value: Any, *, keep: bool = False) -> None:
    """Set `value` at `steps` inside `target`, making the objects and lists on the way."""
    node = target
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        following: Any = value if last else ([] if isinstance(steps[position + 1], int) else {})
        if isinstance(step, int):
            if not isinstance(node, list) or step < 0:
                return
            while len(node) <= step:
                node.append(copy.deepcopy(following))
            if last:
                if not keep:
                    node[step] = value
                return
            if not isinstance(node[step], dict | list):
                node[step] = following
            node = node[step]
            continue
        if not isinstance(node, dict):
            return
        if last:
            if not (keep and step in node):
                node[step] = value
            return
        if not isinstance(node.get(step), dict | list):
            if keep and step in node:
                return
            node[step] = following
        node = node[step]


Assignment = tuple[tuple[str | int, ...], Any]


def _rule_values(definition: dict[str, Any]) -> Iterator[list[Assignment]]:
    """For each Choice rule, values of its Variables that make it true (every part of an And,
    the first part of an Or; a Not is left to the other scenarios)."""
    for state in state_types(definition).values():
        if state.get("Type") != "Choice":
            continue
        for rule in state.get("Choices") or []:
            found = list(_satisfying(rule))
            if found:
                yield found
            # The derived input has every field it reads: IsPresent also needs a run without.
            for steps in _presence_tests(rule):
                yield [(steps, _ABSENT)]


# An assignment that removes the field (for IsPresent).
_ABSENT = object()


def _presence_tests(rule: Any) -> Iterator[tuple[str | int, ...]]:
    if not isinstance(rule, dict):
        return
    for part in [*(rule.get("And") or []), *(rule.get("Or") or []), rule.get("Not")]:
        yield from _presence_tests(part)
    variable = rule.get("Variable")
    if "IsPresent" in rule and isinstance(variable, str):
        steps = next(_steps(variable), None)
        if steps:
            yield steps


def _remove(target: Any, steps: tuple[str | int, ...]) -> None:
    """Remove the field or item at `steps` (a list item: the list is cut before it)."""
    node = target
    for step in steps[:-1]:
        if isinstance(step, int):
            if not isinstance(node, list) or not 0 <= step < len(node):
                return
        elif not isinstance(node, dict) or step not in node:
            return
        node = node[step]
    last = steps[-1]
    if isinstance(last, int) and isinstance(node, list) and last >= 0:
        del node[last:]
    elif isinstance(node, dict):
        node.pop(last, None)


def _satisfying(rule: Any) -> Iterator[Assignment]:
    if not isinstance(rule, dict):
        return
    for part in rule.get("And") or []:
        yield from _satisfying(part)
    for part in (rule.get("Or") or [])[:1]:
        yield from _satisfying(part)
    yield from jsonata_inputs.condition_values(rule.get("Condition"))
    variable = rule.get("Variable")
    if not isinstance(variable, str):
        return
    steps = next(_steps(variable), None)
    if not steps:
        return
    for operator, value in rule.items():
        chosen = _value_for(operator, value)
        if chosen is not _NO_VALUE:
            yield steps, chosen


_NO_VALUE = object()


def _value_for(operator: str, value: Any) -> Any:
    if operator.endswith("Path") or operator in ("Variable", "Next", "Comment"):
        return _NO_VALUE
    if operator.startswith("String") and isinstance(value, str):
        if operator.endswith("GreaterThan"):
            return value + "z"
        if operator.endswith("LessThan"):
            return ""
        if operator == "StringMatches":
            return value.replace("*", "")
        return value
    if operator.startswith("Numeric") and isinstance(value, int | float):
        if operator.endswith("GreaterThan"):
            return value + 1
        if operator.endswith("LessThan"):
            return value - 1
        return value
    if operator == "BooleanEquals":
        return value
    if operator == "IsNull":
        return None if value else "value"
    if operator == "IsBoolean":
        return True
    if operator == "IsNumeric":
        return 1
    if operator == "IsString":
        return "value"
    if operator.startswith("Timestamp") and isinstance(value, str):
        return value
    return _NO_VALUE


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
