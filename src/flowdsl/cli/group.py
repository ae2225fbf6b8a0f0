"""The `flowdsl` click group: each subcommand's module is loaded only when that command runs."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

# Each command lives in its own module with a `command` attribute. Importing them lazily keeps
# `flowdsl compile --check` free of what other commands need (pydantic, jsonschema, botocore).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "flowdsl.cli.init",
        "Create a project: pyproject.toml, an example workflow and test, CI, pre-commit.",
    ),
    "compile": (
        "flowdsl.cli.compile",
        "Compile workflows in flows/ into ASL and IAM in generated/.",
    ),
    "validate": (
        "flowdsl.cli.validate",
        "Validate ASL definition files (any, not only flowdsl's).",
    ),
    "schema": ("flowdsl.cli.schema", "Print the JSON Schema of ASL that `validate` uses."),
    "policy": ("flowdsl.cli.policy", "Derive least-privilege IAM policies from an ASL file."),
    "run": ("flowdsl.cli.run", "Execute a workflow's ASL offline against mocked integrations."),
    "graph": ("flowdsl.cli.graph", "Draw a workflow or ASL file as Mermaid or Graphviz dot."),
    "diff": ("flowdsl.cli.diff", "Summarise what changed between two ASL definitions."),
    "deploy": ("flowdsl.cli.deploy", "Deploy workflows in generated/ as CloudFormation stacks."),
    "import": (
        "flowdsl.cli.import_",
        "Write existing ASL (JSON, YAML, SAM/CloudFormation) as flowdsl modules.",
    ),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, (module, _) in COMMANDS.items() if _available(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None or not _available(entry[0]):
            return None
        module = importlib.import_module(entry[0])
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help from the table above, so `flowdsl --help` imports no command module.
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _available(module: str) -> bool:
    from importlib.util import find_spec

    return find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flowdsl")
def cli() -> None:
    """flowdsl: AWS Step Functions workflows written as Python functions.

    Exit codes: 0 success, 1 a check found differences or problems, 2 bad input or usage.
    """


def run_group(argv: list[str] | None) -> Any:
    """Run the group; click's own exits and usage errors become exit codes."""
    try:
        return cli.main(args=argv, prog_name="flowdsl", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(2)
