"""Fixtures of the review tests: Markdown/Mermaid snapshots stored as readable files."""

from __future__ import annotations

from typing import Any

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode


class MarkdownSnapshotExtension(SingleFileSnapshotExtension):
    """One `.md` file per snapshot, so a golden picture can be opened (and rendered) on GitHub."""

    _write_mode = WriteMode.TEXT
    file_extension = "md"

    def serialize(self, data: Any, **kwargs: Any) -> str:
        return str(data)


class DotSnapshotExtension(MarkdownSnapshotExtension):
    """One `.dot` file per snapshot."""

    file_extension = "dot"


@pytest.fixture
def md_snapshot(snapshot: Any) -> Any:
    return snapshot.use_extension(MarkdownSnapshotExtension)


@pytest.fixture
def dot_snapshot(snapshot: Any) -> Any:
    return snapshot.use_extension(DotSnapshotExtension)
