"""`flowdsl graph`: by workflow name or file, three formats, and exit 2 (no traceback) on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.review.dot import render_dot
from flowdsl.review.mermaid import render_markdown, render_mermaid
from tests.conftest import run_flowdsl as flowdsl
from tests.review.cases import CONSTRUCTS, REPO


@pytest.fixture
def project(tmp_path: Path) -> Path:
    workflow = tmp_path / "generated" / "Inventory"
    workflow.mkdir(parents=True)
    (workflow / "definition.asl.json").write_text(json.dumps(CONSTRUCTS["catch"]), encoding="utf-8")
    subs = {"OrdersQueueUrl": "https://sqs.eu-west-1.amazonaws.com/1/Orders"}
    (workflow / "substitutions.json").write_text(json.dumps(subs), encoding="utf-8")
    return tmp_path


def test_graph_by_workflow_name_prints_mermaid(project: Path) -> None:
    result = flowdsl(project, "graph", "Inventory")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_mermaid(CONSTRUCTS["catch"])


def test_graph_markdown_uses_the_substitutions_beside_the_definition(project: Path) -> None:
    result = flowdsl(project, "graph", "Inventory", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    subs = {"OrdersQueueUrl": "https://sqs.eu-west-1.amazonaws.com/1/Orders"}
    assert result.stdout == render_markdown(
        CONSTRUCTS["catch"], name="Inventory", substitutions=subs
    )


def test_graph_by_path_prints_dot(project: Path) -> None:
    path = project / "generated" / "Inventory" / "definition.asl.json"
    result = flowdsl(project, "graph", str(path), "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_dot(CONSTRUCTS["catch"], name="Inventory")


def test_graph_of_any_asl_file(tmp_path: Path) -> None:
    path = tmp_path / "loop.asl.json"
    path.write_text(json.dumps(CONSTRUCTS["loop"]), encoding="utf-8")
    result = flowdsl(tmp_path, "graph", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_mermaid(CONSTRUCTS["loop"])


def test_graph_honours_the_configured_generated_directory(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flowdsl]\ngenerated = "out"\n', encoding="utf-8"
    )
    (tmp_path / "out" / "W").mkdir(parents=True)
    (tmp_path / "out" / "W" / "definition.asl.json").write_text(json.dumps(CONSTRUCTS["wait"]))
    result = flowdsl(tmp_path, "graph", "W")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_mermaid(CONSTRUCTS["wait"])


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, ["graph", "NoSuchWorkflow"], "neither an ASL file nor a workflow"),
        ("{", ["graph", "bad.json"], "bad.json:1:2: not valid JSON"),
        ("[1, 2]", ["graph", "bad.json"], "not an ASL definition"),
        ('{"States": []}', ["graph", "bad.json"], "not an ASL definition"),
        (b"\xff\xfe\x00", ["graph", "bad.json"], "not UTF-8"),
        (None, ["graph", "."], "neither an ASL file nor a workflow"),
        (
            '{"States": {}}',
            ["graph", "bad.json", "--format", "svg"],
            "Invalid value for '--format'",
        ),
        (None, ["graph"], "Missing argument"),
    ],
)
def test_bad_input_exits_2_without_traceback(
    tmp_path: Path, content: str | bytes | None, args: list[str], message: str
) -> None:
    if isinstance(content, bytes):
        (tmp_path / "bad.json").write_bytes(content)
    elif content is not None:
        (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    result = flowdsl(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_graph_of_the_repository_workflows_by_name() -> None:
    names = sorted(p.parent.name for p in (REPO / "generated").glob("*/definition.asl.json"))
    for name in names:
        result = flowdsl(REPO, "graph", name, "--format", "markdown")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"# {name}\n")
