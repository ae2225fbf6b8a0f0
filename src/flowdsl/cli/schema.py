"""`flowdsl schema`: print a JSON Schema that ships with flowdsl (for editors and tools)."""

from __future__ import annotations

from importlib import resources

import click

# What each schema describes; `asl` is generated from flowdsl's ASL models, the others are data.
SCHEMAS = {
    "asl": "ASL definitions (generated/*/definition.asl.json, or any ASL file)",
    "config": "[tool.flowdsl] in pyproject.toml",
    "substitutions": "generated/*/substitutions.json and substitutions.<env>.json",
}


@click.command("schema")
@click.argument("which", type=click.Choice(sorted(SCHEMAS)), default="asl")
def command(which: str) -> None:
    """Print the JSON Schema of WHICH: asl (default), config or substitutions.

    asl: ASL definitions (generated from flowdsl's ASL models); config: [tool.flowdsl] in
    pyproject.toml; substitutions: generated/*/substitutions*.json.
    """
    if which == "asl":
        from flowdsl.asl.schema_gen import shipped_schema_text

        click.echo(shipped_schema_text(), nl=False)
        return
    click.echo(schema_text(which), nl=False)


def schema_text(which: str) -> str:
    """The text of a shipped schema other than ASL's (`config` or `substitutions`)."""
    name = {"config": "tool-flowdsl", "substitutions": "substitutions"}[which]
    return resources.files("flowdsl.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
