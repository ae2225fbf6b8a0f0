"""run_workflow cannot pass against stale ASL: it finds the project, honours [tool.flowdsl],
compiles a workflow function in memory, and refuses generated/ files that no longer match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flowdsl.build.loading import load_module
from flowdsl.errors import UsageError
from flowdsl.testing import StaleWorkflowError, lambda_payload, run_workflow
from tests.conftest import run_flowdsl

FLOW = """
from flowdsl import Function, workflow

check = Function("check")


@workflow(name="Checked")
def checked(order):
    found = check(order)  # state: Check
    return found["ok"]  # state: Done
"""
MOCKS = {"Check": lambda_payload({"ok": True})}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A compiled project with its own flows/generated directories, entered from below."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flowdsl]\nflows = "src/workflows"\ngenerated = "out/asl"\n'
    )
    (tmp_path / "src" / "workflows").mkdir(parents=True)
    (tmp_path / "src" / "workflows" / "checked.py").write_text(FLOW)
    assert run_flowdsl(tmp_path, "compile").returncode == 0
    assert (tmp_path / "out" / "asl" / "Checked" / "definition.asl.json").is_file()
    (tmp_path / "tests" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "tests" / "deep")
    return tmp_path


def test_a_name_runs_generated_files_from_any_directory_below_the_project(project: Path) -> None:
    execution = run_workflow("Checked", {"id": 1}, MOCKS)
    execution.assert_succeeded(output=True)
    execution.assert_entered("Check", "Done")


def test_a_renamed_state_without_recompiling_fails_the_test(project: Path) -> None:
    flow = project / "src" / "workflows" / "checked.py"
    flow.write_text(FLOW.replace("# state: Done", "# state: Finished"))
    with pytest.raises(StaleWorkflowError) as caught:
        run_workflow("Checked", {"id": 1}, MOCKS)
    message = str(caught.value)
    assert "out/asl/Checked/definition.asl.json is stale" in message
    assert "src/workflows/checked.py" in message and "flowdsl compile" in message
    # The function itself is compiled in memory: the test sees the code as it is now.
    (workflow,) = load_module(flow, project).workflows
    run_workflow(workflow, {"id": 1}, MOCKS).assert_entered("Check", "Finished")
    # After compiling, the name works again.
    assert run_flowdsl(project, "compile").returncode == 0
    run_workflow("Checked", {"id": 1}, MOCKS).assert_entered("Finished")


def test_a_changed_resource_is_stale_too(project: Path) -> None:
    flow = project / "src" / "workflows" / "checked.py"
    flow.write_text(FLOW.replace('Function("check")', 'Function("verify")'))
    with pytest.raises(StaleWorkflowError, match="stale"):
        run_workflow("Checked", {"id": 1}, MOCKS)


def test_a_removed_workflow_and_a_missing_file_are_stale(project: Path) -> None:
    generated = project / "out" / "asl" / "Checked"
    (generated / "substitutions.json").unlink()
    with pytest.raises(StaleWorkflowError, match=r"substitutions\.json is missing"):
        run_workflow("Checked", {}, MOCKS)
    (project / "src" / "workflows" / "checked.py").write_text(
        FLOW.replace('name="Checked"', 'name="Renamed"')
    )
    with pytest.raises(StaleWorkflowError, match="no workflow in src/workflows/ is named"):
        run_workflow("Checked", {}, MOCKS)
    with pytest.raises(UsageError, match=r"unknown workflow 'Nope'.*workflows there: Renamed"):
        run_workflow("Nope", {}, MOCKS)


def test_a_path_runs_the_file_as_it_is(project: Path) -> None:
    path = project / "out" / "asl" / "Checked" / "definition.asl.json"
    document = json.loads(path.read_text())
    document["States"]["Done"]["Output"] = "edited by hand"
    path.write_text(json.dumps(document))
    run_workflow(path, {}, MOCKS).assert_succeeded(output="edited by hand")


def test_flowdsl_run_honours_the_generated_setting(project: Path) -> None:
    result = run_flowdsl(
        project / "tests" / "deep",
        "run",
        "Checked",
        "--mock",
        'Check={"result": {"Payload": {"ok": 1}}}',
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["output"] == 1
