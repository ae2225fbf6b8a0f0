"""Comparing generated files with what is on disk, and writing them atomically."""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from flowdsl.artifacts import DEFINITION, is_artifact_name


@dataclass
class Plan:
    """What a compile would change in generated/."""

    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.created or self.changed or self.orphaned)


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def plan(files: dict[str, str], generated: Path, *, find_orphans: bool) -> Plan:
    result = Plan()
    for rel, text in sorted(files.items()):
        current = read_text(generated / rel)
        if current is None:
            result.created.append(rel)
        elif current != text:
            result.changed.append(rel)
        else:
            result.unchanged.append(rel)
    if find_orphans and generated.is_dir():
        for path in sorted(generated.glob("*/*")):
            rel = path.relative_to(generated).as_posix()
            if path.is_file() and is_artifact_name(path.name) and rel not in files:
                result.orphaned.append(rel)
    return result


def semantic_summary(files: dict[str, str], generated: Path, plan: Plan, display_root: str) -> str:
    """What changed in each changed definition, in terms of states (the `flowdsl diff` summary)."""
    import json

    from flowdsl.review.diff import render_text, semantic_diff

    chunks: list[str] = []
    for rel in plan.changed:
        if not rel.endswith(DEFINITION):
            continue
        try:
            old = json.loads(read_text(generated / rel) or "{}")
        except json.JSONDecodeError:
            continue  # not JSON any more: the unified diff shows it
        changes = semantic_diff(old, json.loads(files[rel]))
        if changes and isinstance(old, dict):
            chunks.append(f"{display_root}/{rel}:\n{render_text(changes)}\n")
    return "".join(chunks)


def unified_diff(files: dict[str, str], generated: Path, plan: Plan, display_root: str) -> str:
    chunks: list[str] = []
    for rel in [*plan.created, *plan.changed, *plan.orphaned]:
        old = read_text(generated / rel) or ""
        new = files.get(rel, "")
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{display_root}/{rel}",
                tofile=f"b/{display_root}/{rel}",
            )
        )
    return "".join(chunks)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply(files: dict[str, str], generated: Path, plan: Plan) -> None:
    for rel in [*plan.created, *plan.changed]:
        write_atomically(generated / rel, files[rel])
    for rel in plan.orphaned:
        path = generated / rel
        path.unlink(missing_ok=True)
        if path.parent != generated and not any(path.parent.iterdir()):
            path.parent.rmdir()
