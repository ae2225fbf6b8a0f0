"""`flowdsl diff`: what changed between two ASL definitions (or two IAM policies), then the raw diff."""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import click

# Beside a generated definition (generated/NAME/definition.asl.json) lie the policies derived from
# it; when both sides have that layout their permission changes belong in the same summary.
POLICY_FILES = ("role-policy.json", "worker-policy.json")
DEFINITION_FILE = "definition.asl.json"


@click.command(name="diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: summary then unified diff; json: the same as one JSON object.",
)
def command(old: Path, new: Path, fmt: str) -> None:
    """Summarise what changed from OLD to NEW, then print the raw unified diff.

    OLD and NEW are ASL definition files (or both IAM policy documents). For
    generated/NAME/definition.asl.json files, permission changes in the policies
    beside them are summarised too. Exit codes: 0 equal, 1 different, 2 bad input.
    """
    from flowdsl.asl.reading import read_json_file
    from flowdsl.review.diff import render_text, semantic_diff
    from flowdsl.review.loading import load_json
    from flowdsl.review.policy_diff import policy_diff

    old_file, new_file = read_json_file(str(old)), read_json_file(str(new))
    old_doc, new_doc = old_file.doc, new_file.doc
    old_kind, new_kind = _kind(old, old_doc), _kind(new, new_doc)
    if old_kind != new_kind:
        from flowdsl.errors import UsageError

        raise UsageError(f"cannot compare {old_kind} {old} with {new_kind} {new}")
    if old_kind == "ASL definition":
        changes = semantic_diff(old_doc, new_doc)
        equal = old_doc == new_doc
        for policy_name in _sibling_policies(old, new):
            old_policy = _policy_beside(old, policy_name, load_json)
            new_policy = _policy_beside(new, policy_name, load_json)
            equal = equal and old_policy == new_policy
            changes += policy_diff(old_policy, new_policy, label=policy_name)
    else:
        changes = policy_diff(old_doc, new_doc, label=new.name)
        equal = old_doc == new_doc
    unified = _unified(old, old_file.text, new, new_file.text)
    if fmt == "json":
        document = {
            "equal": equal,
            "changes": [change.to_dict() for change in changes],
            "unified_diff": unified,
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    elif equal:
        click.echo("No changes.")
    else:
        click.echo(render_text(changes), nl=False)
        if unified:
            click.echo()
            click.echo(unified, nl=False)
    raise SystemExit(0 if equal else 1)


def _kind(path: Path, document: Any) -> str:
    from flowdsl.errors import UsageError

    if isinstance(document, dict) and isinstance(document.get("States"), dict):
        return "ASL definition"
    if isinstance(document, dict) and "Statement" in document:
        return "IAM policy"
    raise UsageError(
        f"{path}: neither an ASL definition ('States') nor an IAM policy ('Statement')"
    )


def _sibling_policies(old: Path, new: Path) -> list[str]:
    if old.name != DEFINITION_FILE or new.name != DEFINITION_FILE:
        return []
    return [
        name
        for name in POLICY_FILES
        if (old.parent / name).is_file() or (new.parent / name).is_file()
    ]


def _policy_beside(definition: Path, name: str, load_json: Any) -> Any:
    path = definition.parent / name
    # A policy missing on one side (e.g. a worker policy that appears) diffs as an empty one.
    return load_json(path) if path.is_file() else {"Version": "2012-10-17", "Statement": []}


def _unified(old: Path, old_text: str, new: Path, new_text: str) -> str:
    old_lines = old_text.splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    lines = difflib.unified_diff(old_lines, new_lines, fromfile=str(old), tofile=str(new))
    # A file without a final newline would glue the next hunk header to its last line.
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
