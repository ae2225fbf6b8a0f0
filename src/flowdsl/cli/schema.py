"""`flowdsl schema`: print the JSON Schema of ASL that ships with flowdsl (for editors and tools)."""

from __future__ import annotations

import click


@click.command("schema")
def command() -> None:
    """Print the JSON Schema of ASL definitions (generated from flowdsl's ASL models)."""
    from flowdsl.asl.schema_gen import shipped_schema_text

    click.echo(shipped_schema_text(), nl=False)
