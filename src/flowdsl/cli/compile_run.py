"""What `flowdsl compile` does once its options are read, without click: `flowdsl compile
--check`, the question CI and pre-commit hooks ask most, is answered from here directly (see
`flowdsl.cli.main`), and an unchanged tree is checked without importing click at all."""

from __future__ import annotations

import sys
from pathlib import Path

from flowdsl.build.config import load_config
from flowdsl.build.discovery import shown_path
from flowdsl.errors import Diagnostic
from flowdsl.reporting.color import styled


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo for text that is already styled for its stream (or plain)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def run(
    paths: tuple[Path, ...] = (),
    *,
    check: bool = False,
    show_diff: bool = False,
    generated_dir: Path | None = None,
    quiet: bool = False,
    no_cache: bool = False,
    output_format: str = "text",
    jobs: int | None = None,
) -> int:
    """Compile (or check, or diff) and report; the exit code."""
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
        return 2
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
        echo(findings, nl=False)
    if not quiet:
        for warning in outcome.warnings:
            echo(styled(warning.format(), sys.stderr), err=True)
        for note in outcome.notes:
            echo(note, err=True)
    if mode != "compile":
        if show_diff:
            from flowdsl.build.diffs import semantic_summary, unified_diff

            rels = [*outcome.created, *outcome.changed, *outcome.orphaned]
            echo(semantic_summary(outcome.texts, generated, outcome.changed, display), nl=False)
            echo(unified_diff(outcome.texts, generated, rels, display), nl=False)
        if check:
            for label, rels in (
                ("stale", outcome.changed),
                ("missing", outcome.created),
                ("orphaned", outcome.orphaned),
                ("leftover", outcome.leftover),
            ):
                for rel in rels:
                    if output_format == "text":
                        echo(f"{label}: {display}/{rel}", err=True)
            if not outcome.clean:
                echo("generated files are out of date; run `flowdsl compile`", err=True)
            elif not quiet:
                echo(f"{outcome.files} generated files up to date", err=True)
        return 0 if outcome.clean else 1
    if not quiet:
        for label, rels in (
            ("wrote", outcome.created + outcome.changed),
            ("removed", outcome.orphaned + outcome.leftover),
        ):
            for rel in rels:
                echo(f"{label} {display}/{rel}")
        written = len(outcome.created) + len(outcome.changed)
        echo(
            f"{outcome.workflows} workflows, {written} files written, "
            f"{len(outcome.unchanged)} unchanged",
            err=True,
        )
    return 0


def _report(diagnostics: list[Diagnostic], output_format: str = "text") -> None:
    if output_format != "text":
        from flowdsl.reporting.compile_report import machine_report

        echo(machine_report(output_format, diagnostics, {}, ""), nl=False)
    for diagnostic in diagnostics:
        echo(styled(diagnostic.format(), sys.stderr), err=True)
    count = len(diagnostics)
    echo(f"{count} error{'s' if count != 1 else ''}; nothing was written", err=True)
