"""`flowdsl compile`'s problems, warnings and generated-file states in a tool's format."""

from __future__ import annotations

from flowdsl.errors import Diagnostic
from flowdsl.reporting.finding import from_diagnostic
from flowdsl.reporting.formats import render
from flowdsl.reporting.generated_files import generated_file_findings


def machine_report(
    output_format: str,
    diagnostics: list[Diagnostic],
    generated_files: dict[str, list[str]],
    display: str,
) -> str:
    """`flowdsl compile`'s problems and warnings, then the generated files `--check` found
    stale, missing or orphaned, in `output_format` (json, github or sarif)."""
    findings = [from_diagnostic(d) for d in diagnostics]
    findings += generated_file_findings(generated_files, display)
    extra = {"generated_files": generated_files} if generated_files else {}
    return render(output_format, findings, "compile", **extra)
