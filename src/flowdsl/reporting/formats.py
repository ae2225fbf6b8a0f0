"""Findings as JSON, GitHub Actions annotations, or a SARIF 2.1.0 log.

- JSON: `{"command": ..., "findings": [...], **extra}`, one document on stdout.
- GitHub: one workflow command per finding (`::error file=F,line=L,col=C,title=T::message`),
  which the Actions runner turns into an annotation on the pull request's diff. Syntax and
  escaping: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
- SARIF: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html (a test validates
  every log against the OASIS schema), for GitHub code scanning and editors' SARIF viewers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:  # kept out of `flowdsl compile --check`'s start-up
    from flowdsl.reporting.finding import Finding

FORMATS = ("text", "json", "github", "sarif")
FORMAT_HELP = (
    "text for people; json (file, line, column per problem), github (annotations on the pull "
    "request) or sarif (code scanning) for tools."
)

F = TypeVar("F", bound=Callable[..., Any])


def format_option(help: str = FORMAT_HELP) -> Callable[[F], F]:
    """The `--format` option every command that reports problems takes (as `output_format`)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help=help,
    )


SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
# SARIF levels by severity (SARIF 2.1.0 section 3.27.10: "error", "warning", "note", "none").
SARIF_LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def render(output_format: str, findings: Iterable[Finding], command: str, **extra: Any) -> str:
    """The findings in `output_format` (json, github or sarif), ending with a newline."""
    found = list(findings)
    if output_format == "json":
        document = {"command": command, "findings": [f.to_json() for f in found], **extra}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output_format == "github":
        return "".join(github_annotation(f) + "\n" for f in found)
    if output_format == "sarif":
        return json.dumps(sarif_log(found, command), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"no renderer for {output_format!r}")


def github_annotation(finding: Finding) -> str:
    """`::error file=...,line=...,col=...,title=CODE::message` with GitHub's escaping."""
    properties = {
        "file": finding.path,
        "line": finding.line,
        "col": finding.column,
        "endColumn": finding.end_column,
        "title": f"flowdsl {finding.code}",
    }
    shown = ",".join(
        f"{key}={_escape_property(str(value))}" for key, value in properties.items() if value
    )
    message = finding.message + (f"\nhelp: {finding.hint}" if finding.hint else "")
    return f"::{finding.severity} {shown}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def sarif_log(findings: list[Finding], command: str) -> dict[str, Any]:
    """One run of one tool (flowdsl, with the command in its invocation)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tool_version = version("flowdsl")
    except PackageNotFoundError:
        tool_version = "0"
    codes = sorted({f.code for f in findings})
    rules = [{"id": code, "name": code} for code in codes]
    results = []
    for finding in findings:
        text = finding.message + (f" (help: {finding.hint})" if finding.hint else "")
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": codes.index(finding.code),
            "level": SARIF_LEVELS[finding.severity],
            "message": {"text": text},
        }
        if finding.path:
            physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(finding.path)}}
            if finding.line:
                region: dict[str, Any] = {"startLine": finding.line}
                if finding.column:
                    region["startColumn"] = finding.column
                if finding.end_column and finding.column and finding.end_column > finding.column:
                    region["endColumn"] = finding.end_column
                physical["region"] = region
            result["locations"] = [{"physicalLocation": physical}]
        if finding.pointer is not None:
            result["properties"] = {"jsonPointer": finding.pointer}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "flowdsl", "version": tool_version, "rules": rules}},
                # The run itself succeeded: problems are results, not a failure of the tool.
                "invocations": [{"commandLine": f"flowdsl {command}", "executionSuccessful": True}],
                "results": results,
            }
        ],
    }


def _uri(path: str) -> str:
    """A relative path as a URI reference (SARIF 3.10.2): forward slashes, spaces escaped."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/")
