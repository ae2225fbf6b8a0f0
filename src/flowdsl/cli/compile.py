"""`flowdsl compile`: workflows in flows/ -> files in generated/ (or a check that they match)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from flowdsl.cli.compile_run import run
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
    sys.exit(
        run(
            paths,
            check=check,
            show_diff=show_diff,
            generated_dir=generated_dir,
            quiet=quiet,
            no_cache=no_cache,
            output_format=output_format,
            jobs=jobs,
        )
    )
