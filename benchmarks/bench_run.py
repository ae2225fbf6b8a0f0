"""Benchmark: states executed per second by the offline runner on a 1,000-state workflow.

Run: `python benchmarks/bench_run.py [--states 1000] [--repeat 5]`. The workflow is a chain that
cycles through Pass (Parameters / Output), Task (mocked, with ResultSelector / Assign) and Choice
states, in JSONPath and in JSONata, so the figure covers path evaluation, payload templates,
JSONata evaluation (cached parse) and trace recording.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from flowdsl.run import RunOptions, run


def chain(states: int, language: str) -> dict[str, Any]:
    """A linear workflow of exactly `states` states ending in Succeed."""
    body: dict[str, Any] = {}
    for index in range(states - 1):
        name, next_name = f"S{index}", f"S{index + 1}"
        kind = index % 3
        if language == "JSONPath":
            if kind == 0:
                state = {
                    "Type": "Pass",
                    "Parameters": {"n.$": "States.MathAdd($.n, 1)", "tag": "x"},
                    "Next": next_name,
                }
            elif kind == 1:
                state = {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                    "ResultSelector": {"n.$": "$.Payload.n"},
                    "Assign": {"last.$": "$.Payload.n"},
                    "Next": next_name,
                }
            else:
                state = {
                    "Type": "Choice",
                    "Choices": [
                        {"Variable": "$.n", "NumericGreaterThanEquals": 0, "Next": next_name}
                    ],
                    "Default": next_name,
                }
        else:
            if kind == 0:
                state = {
                    "Type": "Pass",
                    "Output": {"n": "{% $states.input.n + 1 %}", "tag": "x"},
                    "Next": next_name,
                }
            elif kind == 1:
                state = {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke",
                    "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
                    "Output": {"n": "{% $states.result.Payload.n %}"},
                    "Assign": {"last": "{% $states.result.Payload.n %}"},
                    "Next": next_name,
                }
            else:
                state = {
                    "Type": "Choice",
                    "Choices": [{"Condition": "{% $states.input.n >= 0 %}", "Next": next_name}],
                    "Default": next_name,
                }
        body[name] = state
    body[f"S{states - 1}"] = {"Type": "Succeed"}
    return {"QueryLanguage": language, "StartAt": "S0", "States": body}


def mocks_for(definition: dict[str, Any]) -> dict[str, Any]:
    def echo(arguments: Any) -> Any:
        return {"Payload": arguments["Payload"], "StatusCode": 200}

    return {name: echo for name, state in definition["States"].items() if state["Type"] == "Task"}


def measure(states: int, repeat: int, language: str) -> float:
    definition = chain(states, language)
    mocks = mocks_for(definition)
    options = RunOptions(max_transitions=states + 10)
    run(definition, {"n": 0}, mocks, options=options)  # warm the expression caches
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        execution = run(definition, {"n": 0}, mocks, options=options)
        best = min(best, time.perf_counter() - started)
        assert execution.succeeded and len(execution.states_entered) == states, execution.error
    return states / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for language in ("JSONPath", "JSONata"):
        rate = measure(args.states, args.repeat, language)
        print(f"{language:8}  {args.states} states: {rate:,.0f} states/s (best of {args.repeat})")


if __name__ == "__main__":
    main()
