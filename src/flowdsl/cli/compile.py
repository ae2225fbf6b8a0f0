"""`flowdsl compile`: workflows in flows/ -> files in generated/ (or a check that they match)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from flowdsl.config import load_config
from flowdsl.errors import Diagnostic
from flowdsl.reporting.color import styled
from flowdsl.reporting.formats import FORMAT_HELP, format_option


@click.command("compile")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if any file in generated/ is stale, missing or orphaned.",
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
    FORMAT_HELP + " Non-text formats go to stdout and always compile (no recorded answer)."
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Compile even when .flowdsl_cache records that nothing changed since the last clean "
    "compile, and do not update that record.",
)
def command(
    paths: tuple[Path, ...],
    check: bool,
    show_diff: bool,
    generated_dir: Path | None,
    quiet: bool,
    no_cache: bool,
    output_format: str,
) -> None:
    """Compile workflows into ASL definitions and IAM policies under generated/.

    PATHS are flow files or directories (default: [tool.flowdsl] flows, or flows/). Only files
    whose content changes are written, each atomically; nothing is written if any workflow has
    an error. Files flowdsl generated for workflows that no longer exist are removed (when
    compiling the whole flows directory).

    Exit codes: 0 up to date or written, 1 (--check/--diff) something would change,
    2 a compile error or bad usage.
    """
    from flowdsl import check_cache

    config = load_config()
    generated = generated_dir or config.generated
    targets = list(paths) or [config.flows]
    key_parts = _key_parts(targets, generated)
    if (
        check
        and not show_diff
        and not no_cache
        and key_parts is not None
        and output_format == "text"
    ):
        recorded = check_cache.up_to_date(config.root, key_parts)
        if recorded is not None:
            if not quiet:
                for warning in recorded["warnings"]:
                    click.echo(warning, err=True)
                click.echo(f"{recorded['count']} generated files up to date", err=True)
            sys.exit(0)

    from flowdsl import outputs
    from flowdsl.compiler import compile_paths
    from flowdsl.reporting.progress import ProgressLine
    from flowdsl.verify import verify_changed

    progress = ProgressLine(sys.stderr, config.root)
    with check_cache.watch_inputs() as inputs:
        try:
            result = compile_paths(targets, config.root, config, progress)
        finally:
            progress.close()
    if result.diagnostics:
        _report(result.diagnostics, output_format)
        sys.exit(2)
    files = result.files()
    plan = outputs.plan(files, generated, find_orphans=not paths)
    problems = verify_changed(result, plan)
    if problems:
        _report(problems, output_format)
        sys.exit(2)
    display = _display(generated, config.root)
    if output_format != "text":
        from flowdsl.reporting.compile_report import machine_report

        states = {"stale": plan.changed, "missing": plan.created, "orphaned": plan.orphaned}
        warnings = [w for workflow in result.workflows for w in workflow.warnings]
        findings = machine_report(output_format, warnings, states if check else {}, display)
        click.echo(findings, nl=False)
    if not quiet:
        for workflow in result.workflows:
            for warning in workflow.warnings:
                click.echo(styled(warning.format(), sys.stderr), err=True)
    if check or show_diff:
        if show_diff:
            click.echo(outputs.semantic_summary(files, generated, plan, display), nl=False)
            click.echo(outputs.unified_diff(files, generated, plan, display), nl=False)
        if check:
            for label, rels in (
                ("stale", plan.changed),
                ("missing", plan.created),
                ("orphaned", plan.orphaned),
            ):
                for rel in rels:
                    if output_format == "text":
                        click.echo(f"{label}: {display}/{rel}", err=True)
            if not plan.clean:
                click.echo("generated files are out of date; run `flowdsl compile`", err=True)
            elif not quiet:
                click.echo(f"{len(files)} generated files up to date", err=True)
        if plan.clean and not no_cache and key_parts is not None:
            check_cache.record(config.root, key_parts, inputs, _warnings(result), len(files))
        sys.exit(0 if plan.clean else 1)
    outputs.apply(files, generated, plan)
    if not no_cache and key_parts is not None:
        check_cache.record(config.root, key_parts, inputs, _warnings(result), len(files))
    if not quiet:
        for label, rels in (("wrote", plan.created + plan.changed), ("removed", plan.orphaned)):
            for rel in rels:
                click.echo(f"{label} {display}/{rel}")
        click.echo(
            f"{len(result.workflows)} workflows, {len(plan.created) + len(plan.changed)} "
            f"files written, {len(plan.unchanged)} unchanged",
            err=True,
        )


def _key_parts(targets: list[Path], generated: Path) -> tuple[list[Path], Path, list[Path]] | None:
    """What the cache record is keyed on besides file contents; None if the paths are bad."""
    from flowdsl.errors import CompileError
    from flowdsl.flow_files import flow_files

    try:
        return targets, generated, flow_files(targets)
    except CompileError:
        return None


def _warnings(result: Any) -> list[str]:
    return [warning.format() for workflow in result.workflows for warning in workflow.warnings]


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _report(diagnostics: list[Diagnostic], output_format: str) -> None:
    if output_format != "text":
        from flowdsl.reporting.compile_report import machine_report

        click.echo(machine_report(output_format, diagnostics, {}, ""), nl=False)
    for diagnostic in diagnostics:
        click.echo(styled(diagnostic.format(), sys.stderr), err=True)
    count = len(diagnostics)
    click.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written", err=True)
