"""`flowdsl validate`: check ASL definition files (hand-written or generated) and report problems."""

from __future__ import annotations

import json
import sys

import click

from flowdsl.reporting.formats import format_option
from flowdsl.validate.rules import RULES


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@format_option()
@click.option(
    "--workflow-type",
    type=click.Choice(["standard", "express"], case_sensitive=False),
    default="standard",
    show_default=True,
    help="Express workflows reject .sync, .waitForTaskToken and activities.",
)
@click.option(
    "--aws",
    "use_aws",
    is_flag=True,
    help="Also ask AWS (ValidateStateMachineDefinition; needs credentials).",
)
@click.option(
    "--rules",
    "list_rules",
    is_flag=True,
    help="List every rule code with its description and exit.",
)
def command(
    paths: tuple[str, ...], output_format: str, workflow_type: str, use_aws: bool, list_rules: bool
) -> None:
    """Validate ASL definition files (a directory means every *.asl.json under it).

    Exit 0 valid, 1 problems found, 2 unreadable input.
    """
    if list_rules:
        _print_rules(output_format)
        return
    if not paths:
        from flowdsl.errors import UsageError

        raise UsageError("give at least one ASL file to validate (or --rules)")
    from flowdsl.validate.runner import expand_paths, validate_files

    report = validate_files(
        expand_paths(paths), workflow_type=workflow_type.upper(), use_aws=use_aws
    )
    if output_format == "json":
        from flowdsl.reporting.asl_files import validate_json

        click.echo(json.dumps(validate_json(report), indent=2, ensure_ascii=False))
    elif output_format in ("github", "sarif"):
        from flowdsl.reporting.asl_files import validate_findings
        from flowdsl.reporting.formats import render

        click.echo(render(output_format, validate_findings(report), "validate"), nl=False)
        click.echo(report.summary(), err=True)
    else:
        for line in report.text_lines():
            click.echo(line)
        click.echo(report.summary(), err=True)
    sys.exit(report.exit_code)


def _print_rules(output_format: str) -> None:
    if output_format == "json":
        rows = [{"code": r.code, "description": r.description, "source": r.source} for r in RULES]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for rule in RULES:
        click.echo(f"{rule.code}  {rule.description}")
