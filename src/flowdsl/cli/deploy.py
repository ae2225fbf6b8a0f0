"""`flowdsl deploy`: each workflow in generated/ as a CloudFormation stack, through a change set."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from flowdsl.errors import UsageError

# Stack names: "can contain only alphanumeric characters (case-sensitive) and hyphens. It must
# start with an alphabetic character and can't be longer than 128 characters."
# https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
_STACK_NAME = re.compile(r"[A-Za-z][-A-Za-z0-9]{0,127}")
_PREFIX = re.compile(r"([A-Za-z][-A-Za-z0-9]*)?")
# Stacks no change set can update: a failed first creation must be deleted ("Stack status
# codes", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html).
_STUCK = {"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED"}


@click.command(name="deploy")
@click.argument("workflows", nargs=-1)
@click.option("--env", "environment", help="Deploy with [tool.flowdsl.environments.ENV] values.")
@click.option("--region", help="AWS region (default: boto3's chain, e.g. AWS_REGION).")
@click.option("--stack-name-prefix", default="", help="Prefix of every stack name.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def command(
    workflows: tuple[str, ...],
    environment: str | None,
    region: str | None,
    stack_name_prefix: str,
    dry_run: bool,
) -> None:
    """Deploy WORKFLOWS (all in generated/ when none is named) as CloudFormation stacks.

    The stack of workflow N is PREFIX + N (+ "-ENV"), with `_` as `-`; the state machine has the
    stack's name. Each deployment prints the definition's and the IAM's changes, then creates a
    change set, executes it and reports progress. Exit codes: 0 deployed or no changes,
    1 a deployment failed, 2 bad usage (unknown workflow or environment, no credentials).
    """
    from flowdsl.build.config import load_config

    config = load_config()
    if not _PREFIX.fullmatch(stack_name_prefix):
        raise UsageError(
            f"--stack-name-prefix {stack_name_prefix!r}: a stack name starts with a letter and "
            "holds letters, digits and '-'"
        )
    if environment is not None and environment not in config.environments:
        known = ", ".join(sorted(config.environments)) or "none configured"
        raise UsageError(
            f"unknown environment {environment!r} (known: {known}); declare it in "
            f"pyproject.toml as [tool.flowdsl.environments.{environment}]"
        )
    names = _workflows(config.generated, workflows)
    jobs = [_job(config.generated / name, name, environment, stack_name_prefix) for name in names]
    from flowdsl.deploy.aws import CloudFormation

    aws = CloudFormation(region)
    failed = False
    for name, stack, body, parameters in jobs:
        failed |= not _deploy(aws, name, stack, body, parameters, dry_run=dry_run)
    if failed:
        raise SystemExit(1)


def _workflows(generated: Path, wanted: tuple[str, ...]) -> list[str]:
    available = sorted(
        p.parent.name for p in generated.glob("*/template.json") if p.parent.is_dir()
    )
    if not available:
        raise UsageError(f"no workflows in {generated}: run `flowdsl compile` first")
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise UsageError(
            f"unknown workflow {unknown[0]!r} (in {generated}: {', '.join(available)})"
        )
    return sorted(set(wanted)) if wanted else available


def _job(
    directory: Path, name: str, environment: str | None, prefix: str
) -> tuple[str, str, str, dict[str, str]]:
    """(workflow, stack name, template body, parameters); bad input is a UsageError before
    anything is deployed."""
    from flowdsl.deploy.build import environment_file
    from flowdsl.deploy.stack import deployable_template, missing_parameters, template_body
    from flowdsl.deploy.templates import NAME_PARAMETER, TEMPLATE

    template_path = directory / environment_file(TEMPLATE, environment)
    template = _read_json(template_path)
    definition_path = directory / template["Resources"]["StateMachine"]["Properties"].get(
        "DefinitionS3Location", "definition.asl.json"
    )
    try:
        definition_text = definition_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot read {definition_path}: {exc.strerror}") from None
    stack = f"{prefix}{name}".replace("_", "-") + (f"-{environment}" if environment else "")
    if not _STACK_NAME.fullmatch(stack):
        raise UsageError(f"{stack!r} is not a CloudFormation stack name (letters, digits, '-')")
    parameters = {NAME_PARAMETER: stack}
    missing = missing_parameters(template, parameters)
    if missing:
        where = f"[tool.flowdsl.environments.{environment or 'ENV'}]"
        raise UsageError(
            f"{name}: placeholder ${{{missing[0]}}} has no value; give it one in pyproject.toml "
            f"under {where} and deploy with --env"
        )
    return name, stack, template_body(deployable_template(template, definition_text)), parameters


def _read_json(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path} is missing: run `flowdsl compile` first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    if not isinstance(found, dict) or "StateMachine" not in found.get("Resources", {}):
        raise UsageError(f"{path} is not a template flowdsl wrote: run `flowdsl compile`")
    return found


def _deploy(
    aws: Any,
    name: str,
    stack: str,
    text: str,
    parameters: dict[str, str],
    *,
    dry_run: bool,
) -> bool:
    """Deploy one stack; False when it failed."""
    from flowdsl.deploy.aws import AWS_ERRORS, ChangeSetFailed, message
    from flowdsl.deploy.stack import plan
    from flowdsl.review.diff import render_text

    echo = click.echo
    try:
        deployed = aws.deployed(stack)
        if deployed is not None and (
            deployed.status in _STUCK or deployed.status.endswith("_IN_PROGRESS")
        ):
            advice = "delete it" if deployed.status in _STUCK else "wait until it is done"
            echo(f"{name}: stack {stack} is {deployed.status}: {advice}, then deploy", err=True)
            return False
        found = plan(
            stack,
            deployed.template if deployed else None,
            deployed.parameters if deployed else {},
            json.loads(text),
            parameters,
        )
        action = "create" if found.new_stack else "update"
        echo(f"{name}: stack {stack} in {aws.region}")
        if found.unchanged:
            echo(f"{name}: no changes")
            return True
        echo(_indent(render_text(found.changes)))
        if dry_run:
            echo(f"{name}: dry run, would {action} stack {stack}")
            return True
        made = aws.change_set(stack, text, parameters, create=found.new_stack)
        if made is None:
            echo(f"{name}: no changes")
            return True
        change_set, resource_changes = made
        for change in resource_changes:
            echo(f"  {change}")
        outcome = aws.execute(stack, change_set, resource_changes, lambda line: echo(f"  {line}"))
    except ChangeSetFailed as exc:
        echo(f"{name}: CloudFormation refused the change set: {exc}", err=True)
        return False
    except AWS_ERRORS as exc:
        echo(f"{name}: {message(exc)}", err=True)
        return False
    if not outcome.ok:
        for failure in outcome.failures:
            echo(f"{name}: failed: {failure}", err=True)
        return False
    arn = outcome.outputs.get("StateMachineArn", "")
    echo(f"{name}: {action}d {arn}".rstrip())
    return True


def _indent(text: str) -> str:
    return "".join(f"  {line}\n" for line in text.splitlines()).rstrip("\n")
