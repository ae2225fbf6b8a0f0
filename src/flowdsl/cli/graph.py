"""`flowdsl graph`: draw a workflow in generated/ or any ASL file as Mermaid, Markdown or dot."""

from __future__ import annotations

import click


@click.command(name="graph")
@click.argument("workflow", metavar="WORKFLOW_OR_ASL_FILE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "markdown"]),
    default="mermaid",
    show_default=True,
    help="mermaid: a flowchart; dot: Graphviz; markdown: the review page of generated/NAME/.",
)
def command(workflow: str, fmt: str) -> None:
    """Print the picture of WORKFLOW (a name under generated/) or of an ASL JSON file.

    Exit codes: 0 printed, 2 bad input (missing file, invalid JSON, not an ASL definition).
    """
    from pathlib import Path

    from flowdsl.review.loading import load_workflow

    generated = Path("generated")
    if not Path(workflow).exists():
        # A workflow's name: look in the generated/ directory the project configures.
        from flowdsl.build.config import load_config

        generated = load_config().generated
    loaded = load_workflow(workflow, generated)
    if fmt == "dot":
        from flowdsl.review.dot import render_dot

        text = render_dot(loaded.definition, name=loaded.name)
    elif fmt == "markdown":
        from flowdsl.review.mermaid import render_markdown

        text = render_markdown(
            loaded.definition, name=loaded.name, substitutions=loaded.substitutions
        )
    else:
        from flowdsl.review.mermaid import render_mermaid

        text = render_mermaid(loaded.definition)
    click.echo(text, nl=False)
