"""`flowdsl run`: execute a workflow's ASL offline with mocked integrations and print the trace."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from flowdsl.errors import UsageError
from flowdsl.reporting.formats import format_option
from flowdsl.run.bounds import MAX_EXPRESSION_STEPS, MAX_TRANSITIONS


def _json_argument(value: str, what: str) -> Any:
    """Inline JSON, or `@file` / a path to a JSON file, read by the shared bounded reader."""
    from flowdsl.asl.reading import Unreadable, parse_json_text, read_json_file

    candidate = value[1:] if value.startswith("@") else value
    looks_like_json = value.lstrip()[:1] in ("{", "[", '"') or value.strip() in (
        "null",
        "true",
        "false",
    )
    if value.startswith("@") or (not looks_like_json and candidate.endswith(".json")):
        try:
            return read_json_file(candidate).doc
        except Unreadable as exc:
            raise UsageError(f"{what} file {candidate!r}: {exc.reason}") from None
    try:
        return parse_json_text(value, what).doc
    except Unreadable as exc:
        raise UsageError(f"{what}: {exc.reason}: {value[:80]!r}") from None


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise UsageError(f"{option} expects NAME=VALUE, got {value!r}")
        pairs.append((name, rest))
    return pairs


@click.command(name="run")
@click.argument("workflow")
@click.option(
    "--input",
    "input_",
    default="{}",
    show_default=True,
    help="Execution input: JSON text or a JSON file.",
)
@click.option(
    "--mock",
    "mocks",
    multiple=True,
    metavar="STATE=JSON_OR_FILE",
    help='Answer a Task: {"result": x}, {"results": [...]}, {"error": "E", "cause": "C"}.',
)
@click.option(
    "--substitution",
    "substitutions",
    multiple=True,
    metavar="KEY=VALUE",
    help="Value of a ${KEY} placeholder (default: substitutions.json, then a fake value).",
)
@click.option(
    "--max-transitions",
    type=click.IntRange(min=1),
    default=MAX_TRANSITIONS,
    show_default=True,
    help="Stop the run after this many states entered, retries included.",
)
@click.option(
    "--max-expression-steps",
    type=click.IntRange(min=1),
    default=MAX_EXPRESSION_STEPS,
    show_default=True,
    help="Stop a JSONata expression after this many evaluation steps.",
)
@format_option(
    "text: the trace; json: the execution, with a failure's state at its line and column "
    "in the ASL file; github (an annotation) or sarif: only the failure."
)
def command(
    workflow: str,
    input_: str,
    mocks: tuple[str, ...],
    substitutions: tuple[str, ...],
    max_transitions: int,
    max_expression_steps: int,
    output_format: str,
) -> None:
    """Execute WORKFLOW (an ASL file, or a name under [tool.flowdsl] generated) offline.

    Exit 0 when the execution succeeds, 1 when it fails, 2 on bad usage.
    """
    from flowdsl.project import project_config
    from flowdsl.run import RunOptions, load_workflow, run
    from flowdsl.run.mocks import from_json
    from flowdsl.run.render import render_text

    generated = project_config().generated
    definition, file_substitutions = load_workflow(workflow, generated)
    execution_input = _json_argument(input_, "--input")
    mock_specs = {
        name: from_json(_json_argument(spec, f"--mock {name}"), name)
        for name, spec in _pairs(mocks, "--mock")
    }
    values = {**file_substitutions, **dict(_pairs(substitutions, "--substitution"))}
    options = RunOptions(max_transitions=max_transitions, max_expression_steps=max_expression_steps)
    execution = run(definition, execution_input, mock_specs, substitutions=values, options=options)
    if output_format != "text":
        from flowdsl.reporting.asl_files import asl_file_of, run_findings
        from flowdsl.reporting.formats import render

        findings = run_findings(asl_file_of(workflow, generated), execution)
        if output_format == "json":
            data = {**execution.to_data(), "findings": [f.to_json() for f in findings]}
            click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            click.echo(render(output_format, findings, "run"), nl=False)
    else:
        click.echo(render_text(execution))
    if not execution.succeeded:
        # sys.exit, not click's Exit: with standalone_mode=False click would only return the code.
        sys.exit(1)
