"""Graphviz output: golden files, quoting, and (where Graphviz is installed) that `dot` parses it."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

import pytest

from flowdsl.review.dot import quote, render_dot
from flowdsl.review.graph import node_id
from tests.review.cases import CONSTRUCTS, seeds

ALL = {**CONSTRUCTS, **seeds()}


@pytest.mark.parametrize("name", ["parallel", "map", "catch", "seed_003_bookstore"])
def test_dot_matches_golden(name: str, dot_snapshot: Any) -> None:
    assert render_dot(ALL[name], name=name) == dot_snapshot


def test_quote_escapes_backslashes_quotes_and_newlines() -> None:
    assert quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_catch_edges_are_dashed_and_labelled() -> None:
    text = render_dot(CONSTRUCTS["catch"])
    task, failed = node_id("Check Inventory"), node_id("Failed")
    assert f'"{task}" -> "{failed}" [label="catch States.ALL", style=dashed' in text


@pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz not installed (apt-get install graphviz)"
)
@pytest.mark.parametrize("name", sorted(ALL))
def test_graphviz_parses_the_output(name: str) -> None:
    proc = subprocess.run(
        ["dot", "-Tsvg"],
        input=render_dot(ALL[name], name=name),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "<svg" in proc.stdout and not proc.stderr.strip(), proc.stderr
