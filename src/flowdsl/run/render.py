"""The human-readable trace `flowdsl run` prints: one line per event, nested work indented."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flowdsl.run.execution import Execution


def _json(value: Any, limit: int = 400) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _line(event: dict[str, Any]) -> str:
    kind = event["event"]
    state = event.get("state", "")
    if kind == "ExecutionStarted":
        return f"execution started, input {_json(event['input'])}"
    if kind == "StateEntered":
        return f"> {state} ({event['type']}) at {event['time']}, input {_json(event['input'])}"
    if kind == "TaskScheduled":
        return f"    {state}: call {event['resource']} with {_json(event['arguments'])}"
    if kind == "TaskSucceeded":
        return f"    {state}: result {_json(event['result'])}"
    if kind == "TaskFailed":
        return f"    {state}: failed {event['error']}: {event['cause']}"
    if kind == "RetryScheduled":
        return (
            f"    {state}: retry {event['attempt']} after {event['delay']}s at {event['time']}"
            f" ({event['error']})"
        )
    if kind == "CatchTaken":
        return f"    {state}: caught {event['error']}, next {event['next']}"
    if kind == "ChoiceMatched":
        rule = "Default" if event["rule"] == "Default" else f"rule {event['rule']}"
        return f"    {state}: {rule} matched, next {event['next']}"
    if kind == "Waited":
        return f"    {state}: waited {event['seconds']}s until {event['until']}"
    if kind == "VariablesAssigned":
        assigned = ", ".join(f"${k} = {_json(v, 120)}" for k, v in event["variables"].items())
        return f"    {state}: {assigned}"
    if kind == "StateExited":
        return f"< {state}, output {_json(event['output'])}"
    if kind == "MapRunStarted":
        return f"    {state}: Map Run {event['mapRunArn']}, {event['items']} child executions"
    if kind == "ChildExecutionStarted":
        return f"    {state}: child {event['execution']} started, input {_json(event['input'])}"
    if kind == "ChildExecutionSucceeded":
        return f"    {state}: child {event['execution']} SUCCEEDED, output {_json(event['output'])}"
    if kind == "ChildExecutionFailed":
        return f"    {state}: child {event['execution']} FAILED: {event['error']}: {event['cause']}"
    if kind in ("MapRunSucceeded", "MapRunFailed"):
        outcome = "SUCCEEDED" if kind == "MapRunSucceeded" else "FAILED"
        return f"    {state}: Map Run {outcome}, {event['failed']} child executions failed"
    if kind == "ResultsWritten":
        return f"    {state}: results written to s3://{event['Bucket']}/{event['Key']}"
    if kind == "ExecutionSucceeded":
        return f"execution SUCCEEDED, output {_json(event['output'], 2000)}"
    if kind == "ExecutionFailed":
        return f"execution FAILED: {event['error']}: {event['cause']}"
    return f"{kind} {_json(event)}"


def render_text(execution: Execution) -> str:
    lines = []
    for event in execution.trace:
        where = event.get("where")
        if where and "execution" in event and not event["event"].startswith("Child"):
            where = f"{where} child {event['execution']}"
        prefix = f"[{where}] " if where else ""
        indent = "  " * (where.count(">") + 1) if where else ""
        lines.append(f"{indent}{prefix}{_line(event)}")
    return "\n".join(lines)
