"""Run a published workflow and its flowdsl port side by side with the same services.

A *service* answers one Task state the way the real one would, in terms of what it was asked
(`request -> response`, raising `StatesError` to fail). The harness turns it into a mock for
either definition: for `lambda:invoke` the request is the `Payload` and the answer is wrapped in
the integration's response; for a plain Lambda ARN the request is the whole input. Every call
is recorded, so the two runs can be compared call by call, with the resources (placeholders,
which differ between the original's template and flowdsl's) named by what they stand for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowdsl.compiler import compile_paths
from flowdsl.testing import Call, Execution, run_workflow
from tests.conftest import ROOT

HERE = Path(__file__).parent
ORIGINALS = HERE / "originals"
PORTS = HERE / "ports"
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
_PLACEHOLDER = re.compile(r"\$\{[A-Za-z0-9_:.]+\}")

Service = Callable[[Any], Any]


@dataclass(frozen=True)
class Provenance:
    """Where an original definition was published: repository, file and commit."""

    repo: str
    path: str
    commit: str


@dataclass
class Run:
    execution: Execution
    calls: list[tuple[str, Any]]  # (state, request) in the order they were made

    def outcome(self) -> dict[str, Any]:
        snapshot = self.execution.snapshot()
        return {k: snapshot.get(k) for k in ("status", "output", "error", "cause")}


def original(name: str) -> dict[str, Any]:
    definition: dict[str, Any] = json.loads((ORIGINALS / f"{name}.asl.json").read_text())
    return definition


def provenance() -> dict[str, Provenance]:
    data = json.loads((ORIGINALS / "PROVENANCE.json").read_text())
    return {name: Provenance(**entry) for name, entry in data.items()}


def port(module: str) -> dict[str, Any]:
    """The port's definition, compiled from tests/realworld/ports/<module>.py."""
    result = compile_paths([PORTS / f"{module}.py"], ROOT)
    assert not result.diagnostics, "\n".join(d.format() for d in result.diagnostics)
    (workflow,) = result.workflows
    return workflow.definition


def run(
    definition: Mapping[str, Any],
    input: Any,
    services: Mapping[str, Service],
    resources: Mapping[str, str],
) -> Run:
    """Run with `services` answering the Task states of those names; `resources` names each
    placeholder (`${TopicArn}` -> "notifications topic") so calls compare across templates."""
    calls: list[tuple[str, Any]] = []

    def mock_for(state: str, service: Service) -> Callable[[Any, Call], Any]:
        def answer(arguments: Any, call: Call) -> Any:
            _assert_filled_in(arguments)
            if call.resource == LAMBDA_INVOKE:
                request = arguments.get("Payload") if isinstance(arguments, dict) else None
                calls.append((state, request))
                return {
                    "StatusCode": 200,
                    "ExecutedVersion": "$LATEST",
                    "Payload": service(request),
                }
            calls.append((state, arguments))
            return service(arguments)

        return answer

    for service in services.values():
        reset = getattr(service, "reset", None)
        if reset is not None:
            reset()  # each run starts from the service's first answer
    mocks = {state: mock_for(state, service) for state, service in services.items()}
    # Each placeholder is filled in with what it stands for, so calls compare across templates.
    substitutions = {key[2:-1]: value for key, value in resources.items()}
    execution = run_workflow(dict(definition), input, mocks, substitutions=substitutions)
    return Run(execution, calls)


def _assert_filled_in(value: Any) -> None:
    text = json.dumps(value)
    assert not _PLACEHOLDER.search(text), f"say what each placeholder stands for: {text}"


def state_count(scope: Mapping[str, Any]) -> int:
    """States of a definition, those of Parallel branches and Map processors included."""
    total = 0
    for state in scope.get("States", {}).values():
        total += 1
        for branch in state.get("Branches", []):
            total += state_count(branch)
        processor = state.get("ItemProcessor") or state.get("Iterator")
        if processor:
            total += state_count(processor)
    return total


def assert_same(
    name: str,
    module: str,
    input: Any,
    services: Mapping[str, Service],
    resources: Mapping[str, str],
) -> Run:
    """The original and the port give the same outcome and make the same calls."""
    theirs = run(original(name), input, services, resources)
    ours = run(port(module), input, services, resources)
    assert ours.outcome() == theirs.outcome(), (ours.outcome(), theirs.outcome())
    assert ours.calls == theirs.calls, (ours.calls, theirs.calls)
    return ours
