"""`flowdsl init`: scaffold a project with an example workflow, its test, CI and pre-commit."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
def command(directory: Path) -> None:
    """Create a flowdsl project in DIRECTORY (default: the current directory).

    Writes pyproject.toml with [tool.flowdsl], requirements.txt, flows/order.py (an example
    workflow), tests/test_order.py (its tests, with flowdsl.testing), .pre-commit-config.yaml,
    a GitHub Actions workflow and .gitignore. Existing files are never overwritten.
    """
    from flowdsl.errors import UsageError
    from flowdsl.scaffold import scaffold

    try:
        done = scaffold(directory)
    except OSError as exc:
        raise UsageError(f"cannot write the project into {directory}: {exc}") from None
    for path in done.written:
        click.echo(f"created {path}")
    for path in done.kept:
        click.echo(f"kept    {path} (exists; not changed)")
    if done.pyproject_lacks_table:
        click.echo(
            "note: pyproject.toml has no [tool.flowdsl] table; the defaults apply. Add\n"
            '  [tool.flowdsl]\n  flows = "flows"\n  generated = "generated"',
            err=True,
        )
    where = "" if directory.resolve() == Path.cwd().resolve() else f"cd {directory} && "
    click.echo(
        "\nNext:\n"
        f"  {where}python -m pip install -r requirements.txt\n"
        "  flowdsl compile        # flows/ -> generated/\n"
        "  python -m pytest       # the workflow's tests, offline\n"
        "  pre-commit install     # optional: check generated/ on every commit"
    )
