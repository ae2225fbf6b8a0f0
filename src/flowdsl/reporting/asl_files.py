"""Problems found in ASL files (validate, policy, run) placed at line and column in the file."""

from __future__ import annotations

from typing import Any

from flowdsl.reporting.finding import Finding, JsonFile


def validate_findings(report: Any) -> list[Finding]:
    """Every problem of a `flowdsl validate` report; an unreadable file is a finding at the file."""
    findings: list[Finding] = []
    for result in report.files:
        if result.error:
            findings.append(Finding("unreadable", result.error, result.path))
        if result.problems:
            file = JsonFile.read(result.path) if result.path != "-" else JsonFile("-", None)
            findings.extend(
                file.finding(p.code, p.message, p.pointer, hint=p.hint) for p in result.problems
            )
    return findings


def validate_json(report: Any) -> dict[str, Any]:
    """`validate --format json`: the report's document, each problem with its line and column."""
    document: dict[str, Any] = report.to_json()
    placed = iter(f for f in validate_findings(report) if f.code != "unreadable")
    for entry in document["files"]:
        for problem in entry["problems"]:
            finding = next(placed)
            problem["line"], problem["column"] = finding.line, finding.column
    return document


def policy_findings(
    path: str, document: Any, warnings: list[Any], error: Any = None
) -> list[Finding]:
    """`flowdsl policy`'s warnings (and the error that stopped it, if any) at their states."""
    from flowdsl.reporting.positions import state_pointer

    file = JsonFile.read(path) if path != "-" else JsonFile("-", None)
    findings = [
        file.finding("FD210", f"state {w.state!r}: {w.message}", w.pointer, severity="warning")
        for w in warnings
    ]
    if error is not None:
        state = getattr(error, "state", None)
        pointer = (state_pointer(document, state) if state else None) or ""
        findings.append(file.finding("FD200", str(error), pointer))
    return findings


def run_findings(path: str | None, execution: Any) -> list[Finding]:
    """A failed offline execution as a finding at the state that failed (none if it succeeded)."""
    from flowdsl.reporting.positions import state_pointer

    if execution.succeeded:
        return []
    failing = next(
        (event["state"] for event in reversed(execution.trace) if event.get("state")), None
    )
    file = JsonFile.read(path) if path else JsonFile("-", None)
    document: Any = None
    if file.text:
        import json

        try:
            document = json.loads(file.text)
        except ValueError:
            document = None
    pointer = (state_pointer(document, failing) if failing and document else None) or ""
    where = f"state {failing!r}: " if failing else ""
    message = f"{where}the execution failed with {execution.error}: {execution.cause or ''}"
    return [file.finding(execution.error or "States.Runtime", message.rstrip(": "), pointer)]


def asl_file_of(target: str, generated: Any) -> str | None:
    """The ASL file `flowdsl run TARGET` reads (the same candidates as run.load_workflow)."""
    from pathlib import Path

    for candidate in (
        Path(target),
        Path(target) / "definition.asl.json",
        Path(generated) / target / "definition.asl.json",
    ):
        if candidate.is_file():
            return str(candidate)
    return None
