"""What `compile --diff` prints: a summary per changed definition, then a unified diff."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from flowdsl.build.artifacts import DEFINITION
from flowdsl.build.tree import read_text


def semantic_summary(
    files: dict[str, str], generated: Path, changed: list[str], display_root: str
) -> str:
    """What changed in each changed definition, in terms of states (the `flowdsl diff` summary)."""
    from flowdsl.review.diff import render_text, semantic_diff

    chunks: list[str] = []
    for rel in changed:
        if not rel.endswith(DEFINITION):
            continue
        try:
            old = json.loads(read_text(generated, rel) or "{}")
        except json.JSONDecodeError:
            continue  # not JSON any more: the unified diff shows it
        changes = semantic_diff(old, json.loads(files[rel]))
        if changes and isinstance(old, dict):
            chunks.append(f"{display_root}/{rel}:\n{render_text(changes)}\n")
    return "".join(chunks)


def unified_diff(files: dict[str, str], generated: Path, rels: list[str], display_root: str) -> str:
    chunks: list[str] = []
    for rel in rels:
        old = read_text(generated, rel) or ""
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
