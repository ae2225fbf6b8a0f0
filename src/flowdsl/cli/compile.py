"""`flowdsl compile`: workflows in flows/ -> files in generated/ (or a check that they match)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flowdsl.build.config import load_config
from flowdsl.build.discovery import shown_path
from flowdsl.errors import Diagnostic
from flowdsl.reporting.color import styled
from flowdsl.reporting.formats import FORMAT_HELP, format_option


@click.command("compile")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if any file in generated/ is stale, missing or orphaned, or a "
    "killed compile left a temporary file there.",
)
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Print what would change: a summary per definition (states added, removed, renamed, "
    "rewired, ...), then a unified diff. Writes nothing.",
)
@click.option(
    "--generated",
    "generated_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Output directory (default: [tool.flowdsl] generated, or generated/).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@format_option(
    FORMAT_HELP + " Non-text formats go to stdout and compile every module (no recorded answer)."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Compile every flow module even when .flowdsl_cache records that its inputs did not "
    "change, and read every generated file; do not update the records.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Compile flow modules in this many processes (default: one per core; 1: serially).",
)
def command(
    paths: tuple[Path, ...],
    check: bool,
    show_diff: bool,
    generated_dir: Path | None,
    quiet: bool,
    no_cache: bool,
    output_format: str,
    jobs: int | None,
) -> None:
    """Compile workflows into ASL definitions and IAM policies under generated/.

    PATHS are flow files or directories (default: [tool.flowdsl] flows, or flows/). Only files
    whose content changes are written; every changed file is written beside its target first
    and renamed into place only when all are written, and nothing is written if any workflow
    has an error. Files listed in generated/.flowdsl-manifest.json (those flowdsl wrote) whose
    workflow no longer exists are removed (when compiling the whole flows directory).

    Exit codes: 0 up to date or written, 1 (--check/--diff) something would change,
    2 a compile error, bad usage, or a generated/ that cannot be written safely.
    """
    from flowdsl.build.builder import Mode, Request, build, default_jobs
    from flowdsl.reporting.progress import ProgressLine

    config = load_config()
    generated = generated_dir or config.generated
    mode: Mode = "diff" if show_diff else "check" if check else "compile"
    progress = ProgressLine(sys.stderr, config.root)
    request = Request(
        config=config,
        targets=list(paths) or [config.flows],
        generated=generated,
        mode=mode,
        whole=not paths,
        # A machine report lists every warning with its place: compile every module for it.
        use_cache=not no_cache and output_format == "text",
        jobs=jobs or default_jobs(),
        progress=progress,
    )
    try:
        outcome = build(request)
    finally:
        progress.close()
    if outcome.diagnostics:
        _report(outcome.diagnostics, output_format)
        sys.exit(2)
    display = shown_path(generated, config.root)
    if output_format != "text":
        from flowdsl.reporting.compile_report import machine_report

        states = {
            "stale": outcome.changed,
            "missing": outcome.created,
            "orphaned": outcome.orphaned,
            "leftover": outcome.leftover,
        }
        findings = machine_report(output_format, outcome.warnings, states if check else {}, display)
        click.echo(findings, nl=False)
    if not quiet:
        for warning in outcome.warnings:
            click.echo(styled(warning.format(), sys.stderr), err=True)
        for note in outcome.notes:
            click.echo(note, err=True)
    if mode != "compile":
        if show_diff:
            from flowdsl.build.diffs import semantic_summary, unified_diff

            rels = [*outcome.created, *outcome.changed, *outcome.orphaned]
            click.echo(
                semantic_summary(outcome.texts, generated, outcome.changed, display), nl=False
            )
            click.echo(unified_diff(outcome.texts, generated, rels, display), nl=False)
        if check:
            for label, rels in (
                ("stale", outcome.changed),
                ("missing", outcome.created),
                ("orphaned", outcome.orphaned),
                ("leftover", outcome.leftover),
            ):
                for rel in rels:
                    if output_format == "text":
                        click.echo(f"{label}: {display}/{rel}", err=True)
            if not outcome.clean:
                click.echo("generated files are out of date; run `flowdsl compile`", err=True)
            elif not quiet:
                click.echo(f"{outcome.files} generated files up to date", err=True)
        sys.exit(0 if outcome.clean else 1)
    if not quiet:
        for label, rels in (
            ("wrote", outcome.created + outcome.changed),
            ("removed", outcome.orphaned + outcome.leftover),
        ):
            for rel in rels:
                click.echo(f"{label} {display}/{rel}")
        written = len(outcome.created) + len(outcome.changed)
        click.echo(
            f"{outcome.workflows} workflows, {written} files written, "
            f"{len(outcome.unchanged)} unchanged",
            err=True,
        )


def _report(diagnostics: list[Diagnostic], output_format: str = "text") -> None:
    if output_format != "text":
        from flowdsl.reporting.compile_report import machine_report

        click.echo(machine_report(output_format, diagnostics, {}, ""), nl=False)
    for diagnostic in diagnostics:
        click.echo(styled(diagnostic.format(), sys.stderr), err=True)
    count = len(diagnostics)
    click.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written", err=True)
