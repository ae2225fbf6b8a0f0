"""Execute an ASL definition offline against mocked integrations, in both query languages.

`run(definition, input, mocks)` returns an `Execution` (status, output or error, trace). The
interpreter follows the Step Functions documentation; each subtle rule names its page next to
the code that implements it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flowdsl.errors import UsageError
from flowdsl.run.errors import DefinitionError, MockError, StatesError
from flowdsl.run.execution import FAILED, SUCCEEDED, Execution
from flowdsl.run.machine import RunOptions
from flowdsl.run.mocks import Call, Mock, to_mock
from flowdsl.run.substitutions import substitute

__all__ = [
    "FAILED",
    "SUCCEEDED",
    "Call",
    "DefinitionError",
    "Execution",
    "Mock",
    "MockError",
    "RunOptions",
    "StatesError",
    "load_workflow",
    "run",
    "state_types",
]


def state_types(definition: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Every state of the definition by name, nested branches and processors included."""
    found: dict[str, dict[str, Any]] = {}

    def walk(graph: Any) -> None:
        if not isinstance(graph, Mapping) or not isinstance(graph.get("States"), Mapping):
            return
        for name, state in graph["States"].items():
            if not isinstance(state, dict):
                continue
            found[name] = state
            for branch in state.get("Branches") or []:
                walk(branch)
            walk(state.get("ItemProcessor") or state.get("Iterator"))

    walk(definition)
    return found


def _check_mocks(definition: Mapping[str, Any], mocks: Mapping[str, Any]) -> dict[str, Mock]:
    states = state_types(definition)
    checked: dict[str, Mock] = {}
    for name, spec in mocks.items():
        state = states.get(name)
        if state is None:
            known = ", ".join(sorted(n for n, s in states.items() if _mockable(s))) or "none"
            raise MockError(
                f"mock for {name!r}, but the workflow has no state of that name (Task states: {known})"
            )
        if not _mockable(state):
            raise MockError(
                f"mock for {name!r}, a {state.get('Type')} state; only Task states and Map states "
                "with an ItemReader call an integration"
            )
        checked[name] = to_mock(spec, name)
    return checked


def _mockable(state: Mapping[str, Any]) -> bool:
    return state.get("Type") == "Task" or (state.get("Type") == "Map" and "ItemReader" in state)


def run(
    definition: Mapping[str, Any] | str | Path,
    input: Any = None,
    mocks: Mapping[str, Any] | None = None,
    *,
    substitutions: Mapping[str, Any] | None = None,
    options: RunOptions | None = None,
) -> Execution:
    """Run `definition` (a parsed ASL dict, or a path / generated workflow name) once.

    `input` defaults to `{}`. `mocks` maps Task state names to mocks (see `flowdsl.run.mocks`).
    `${Placeholder}`s are filled from `substitutions`, then from the workflow's
    substitutions.json, then with deterministic fakes. Mistakes in the set-up (unknown state in
    `mocks`, a Task without a mock) raise `MockError`; a failed execution is an `Execution` with
    status FAILED.
    """
    from flowdsl.run.machine import Machine

    if isinstance(definition, str | Path):
        loaded, file_substitutions = load_workflow(definition)
        merged = {**file_substitutions, **(substitutions or {})}
    else:
        loaded, merged = dict(definition), dict(substitutions or {})
    document = substitute(loaded, merged)
    checked = _check_mocks(document, mocks or {})
    machine = Machine(document, checked, options or RunOptions())
    return machine.run({} if input is None else input)


def load_workflow(
    target: str | Path, generated: str | Path = "generated"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Read an ASL file, a directory holding definition.asl.json, or `generated/<name>/`.

    Returns the definition and the substitutions found next to it (substitutions.json).
    """
    path = Path(target)
    candidates = [
        path,
        path / "definition.asl.json",
        Path(generated) / str(target) / "definition.asl.json",
    ]
    # exists() rather than is_file(): the reader refuses a FIFO or device with a reason.
    file = next((c for c in candidates if c.exists() and not c.is_dir()), None)
    if file is None:
        known = sorted(p.parent.name for p in Path(generated).glob("*/definition.asl.json"))
        hint = f"; workflows in {generated}/: {', '.join(known)}" if known else ""
        raise UsageError(
            f"unknown workflow {str(target)!r}: not an ASL file nor a directory under {generated}/{hint}"
        )
    definition = _read_json(file, "ASL definition")
    if not isinstance(definition, dict):
        raise UsageError(f"{file}: an ASL definition must be a JSON object")
    substitutions_file = file.parent / "substitutions.json"
    substitutions: dict[str, Any] = {}
    if substitutions_file.is_file():
        data = _read_json(substitutions_file, "substitutions file")
        if isinstance(data, dict):
            substitutions = {k: v for k, v in data.items() if isinstance(v, str | int | float)}
    return definition, substitutions


def _read_json(file: Path, what: str) -> Any:
    from flowdsl.asl.reading import read_json_file

    return read_json_file(str(file)).doc
