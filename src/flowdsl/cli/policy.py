"""`flowdsl policy`: derive least-privilege IAM policies from any ASL definition file."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from flowdsl.errors import UsageError
from flowdsl.reporting.formats import format_option


def _read_json(path: str, what: str) -> Any:
    from flowdsl.asl.reading import Unreadable, read_json_file

    try:
        return read_json_file(path).doc
    except Unreadable as exc:
        raise UsageError(f"cannot read {what} {exc}") from None


def _default_name(path: str) -> str:
    if path == "-":
        raise UsageError("give --name when the definition comes from stdin")
    file = Path(path)
    # generated/<Name>/definition.asl.json is named after its directory.
    if file.name == "definition.asl.json" and file.parent.name:
        stem = file.resolve().parent.name
    else:
        stem = file.name.split(".", 1)[0]
    name = state_machine_name_from(stem)
    if name != stem:
        click.echo(
            f"note: state machine name {name!r} derived from the file name {file.name!r} "
            "(give --name to choose another)",
            err=True,
        )
    return name


def state_machine_name_from(text: str) -> str:
    """A valid state machine name (1-80 ASCII letters, digits, '-', '_') close to `text`."""
    # "flöw" -> "flow": decompose accented letters and keep their base letter.
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", ascii_text).strip("-")[:80].strip("-")
    return name or "StateMachine"


def _pairs(values: tuple[str, ...], option: str) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for value in values:
        state, sep, item = value.rpartition("=")
        if not sep or not state or not item:
            raise UsageError(f"{option} takes STATE=VALUE, got {value!r}")
        pairs.setdefault(state, []).append(item)
    return pairs


@click.command("policy")
@click.argument("definition", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--name", help="State machine name (default: from the file name).")
@click.option(
    "--substitutions",
    "substitutions_path",
    type=click.Path(dir_okay=False),
    help="JSON object of DefinitionSubstitutions (default: substitutions.json beside the file).",
)
@click.option("--logging", is_flag=True, help="Add the CloudWatch Logs delivery permissions.")
@click.option("--tracing", is_flag=True, help="Add the X-Ray tracing permissions.")
@click.option(
    "--kind",
    type=click.Choice(["role", "trust", "worker", "all"]),
    default="all",
    show_default=True,
    help="Which policy to print.",
)
@click.option(
    "--resource",
    "resources",
    multiple=True,
    metavar="STATE=ARN",
    help="A resource a state with a run-time resource may use (repeatable).",
)
@click.option(
    "--action",
    "actions",
    multiple=True,
    metavar="STATE=ACTION",
    help="The IAM action of an aws-sdk state flowdsl cannot derive (repeatable).",
)
@format_option(
    "text: the policies, warnings on stderr; json: the policies with every finding at its "
    "file, line and column; github (annotations) or sarif: only the findings."
)
def command(
    definition: str,
    name: str | None,
    substitutions_path: str | None,
    logging: bool,
    tracing: bool,
    kind: str,
    resources: tuple[str, ...],
    actions: tuple[str, ...],
    output_format: str,
) -> None:
    """Print the IAM policies a state machine with this definition needs, as JSON.

    Warnings (permissions wider than needed, and how to narrow them) go to stderr.
    """
    from flowdsl.iam import PolicyOptions, derive_policies

    document = _read_json(definition, "definition")
    if not isinstance(document, dict):
        raise UsageError(f"{definition}: an ASL definition is a JSON object")
    substitutions: dict[str, str] = {}
    if substitutions_path is None and definition != "-":
        beside = Path(definition).with_name("substitutions.json")
        substitutions_path = str(beside) if beside.is_file() else None
    if substitutions_path is not None:
        loaded = _read_json(substitutions_path, "substitutions")
        if not isinstance(loaded, dict) or not all(isinstance(v, str) for v in loaded.values()):
            raise UsageError(f"{substitutions_path}: substitutions are a JSON object of strings")
        substitutions = loaded
    options = PolicyOptions(
        logging=logging,
        tracing=tracing,
        resources=_pairs(resources, "--resource"),
        actions=_pairs(actions, "--action"),
    )
    from flowdsl.iam.errors import PolicyError

    try:
        policies = derive_policies(
            document,
            state_machine_name=name or _default_name(definition),
            substitutions=substitutions,
            options=options,
        )
    except PolicyError as exc:
        if output_format == "text":
            raise
        _report(output_format, definition, document, [], None, exc)
        sys.exit(exc.exit_code)
    chosen: Any = {
        "role": policies.role_policy,
        "trust": policies.trust_policy,
        "worker": policies.worker_policy,
    }
    if kind != "all":
        chosen = chosen[kind]
    if output_format != "text":
        _report(output_format, definition, document, policies.warnings, chosen)
        return
    for warning in policies.warnings:
        click.echo(warning.format(), err=True)
    click.echo(json.dumps(chosen, indent=2, ensure_ascii=False))


def _report(
    output_format: str,
    path: str,
    document: Any,
    warnings: list[Any],
    policies: Any,
    error: Exception | None = None,
) -> None:
    """Findings in a tool's format; with json, the policies (null after an error) too."""
    from flowdsl.reporting.asl_files import policy_findings
    from flowdsl.reporting.formats import render

    findings = policy_findings(path, document, warnings, error)
    extra = {"policies": policies} if output_format == "json" else {}
    click.echo(render(output_format, findings, "policy", **extra), nl=False)
