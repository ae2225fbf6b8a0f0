"""`flowdsl import`: write existing ASL definitions as flowdsl modules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from flowdsl.errors import UsageError

if TYPE_CHECKING:
    from flowdsl.importer import ImportedModule


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A .py file (one definition), or a directory: one module per definition. "
    "Default: standard output.",
)
@click.option("--name", help="The workflow's name (one definition only); default: from the file.")
@click.option(
    "--verify",
    is_flag=True,
    help="Compile the module and run it against the original in the offline runner; "
    "exit 1 on any difference.",
)
def command(files: tuple[Path, ...], output: Path | None, name: str | None, verify: bool) -> None:
    """Import ASL definitions (.asl.json, .asl.yaml, SAM or CloudFormation templates).

    Exit 0 imported, 1 --verify found a difference, 2 bad input (nothing is written).
    """
    from dataclasses import replace

    from flowdsl.importer import import_definition, module_path, read_definitions

    definitions = [d for file in files for d in read_definitions(file)]
    if name is not None:
        if len(definitions) != 1:
            raise UsageError(f"--name needs exactly one definition; found {len(definitions)}")
        definitions = [replace(definitions[0], name=name)]
    to_directory = output is not None and (output.is_dir() or output.suffix != ".py")
    if len(definitions) > 1 and not to_directory:
        raise UsageError(
            f"{len(definitions)} definitions found; give -o DIRECTORY to write one module each"
        )
    targets = [
        (module_path(output, d) if to_directory and output is not None else output)
        for d in definitions
    ]
    taken = [t for t in targets if t is not None]
    if len(set(taken)) != len(taken):
        raise UsageError("two definitions would be written to the same file; use --name")
    # Import everything before writing anything: a bad definition leaves no file behind.
    modules = [
        import_definition(d, str(t) if t is not None else "flow.py")
        for d, t in zip(definitions, targets, strict=True)
    ]
    differences = 0
    if verify:
        from flowdsl.importer.verify import recompile
        from flowdsl.importer.verify import verify as verify_round_trip

        for module in modules:
            report = verify_round_trip(
                module.definition.asl, recompile(module.source, module.definition.name)
            )
            verdict = "same behaviour" if report.same else f"{len(report.differences)} differences"
            click.echo(
                f"{module.definition.origin}: {report.scenarios} runs, {verdict}"
                + (f", {len(report.inconclusive)} inconclusive" if report.inconclusive else ""),
                err=True,
            )
            for difference in report.differences:
                click.echo(difference.format(), err=True)
            differences += len(report.differences)
    for module, target in zip(modules, targets, strict=True):
        if target is None:
            click.echo(module.source, nl=False)
            click.echo(f"{module.definition.origin}: {_summary(module)}", err=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(module.source, encoding="utf-8")
        click.echo(f"wrote {target} ({_summary(module)})", err=True)
    sys.exit(1 if differences else 0)


def _summary(module: ImportedModule) -> str:
    """`Name: 12 states`, and how many parts had to be written as literal ASL (asl_state,
    asl_states), each with a comment in the module that says why."""
    text = f"{module.definition.name}: {module.states} states"
    if module.low_level:
        text += f", low-level: {module.low_level} (literal ASL; the # comments above each say why)"
    return text
