"""`flowdsl compile --check`'s answer, file by file, as findings (stale, missing, orphaned)."""

from __future__ import annotations

from flowdsl.reporting.finding import Finding

# What each state of a generated file means and what to do about it.
STATES = {
    "stale": "differs from what `flowdsl compile` writes now",
    "missing": "is missing; `flowdsl compile` writes it",
    "orphaned": "belongs to a workflow that no longer exists; `flowdsl compile` removes it",
}


def generated_file_findings(files: dict[str, list[str]], display: str) -> list[Finding]:
    """One finding per file, keyed by state ("stale", "missing", "orphaned") -> paths."""
    return [
        Finding(
            code=f"generated-{state}",
            message=f"{display}/{rel} {STATES[state]}",
            path=f"{display}/{rel}",
            hint="run `flowdsl compile` and commit generated/",
        )
        for state in STATES
        for rel in files.get(state, [])
    ]
