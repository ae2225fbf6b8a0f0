"""`flowdsl init`: a new project that compiles and whose test passes; the hint where none exists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from flowdsl.scaffold import FILES, flowdsl_requirement
from tests.conftest import run_flowdsl


def test_init_scaffolds_a_project_that_compiles_and_whose_tests_pass(tmp_path: Path) -> None:
    project = tmp_path / "orders"
    result = run_flowdsl(tmp_path, "init", "orders")
    assert result.returncode == 0, result.stderr
    for target in FILES.values():
        assert (project / target).is_file(), target
        assert f"created {target}" in result.stdout
    assert "flowdsl compile" in result.stdout  # the next steps
    compiled = run_flowdsl(project, "compile")
    assert compiled.returncode == 0, compiled.stderr
    assert (project / "generated" / "OrderStateMachine" / "definition.asl.json").is_file()
    assert run_flowdsl(project, "compile", "--check").returncode == 0
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project / "tests",  # from below the project root: run_workflow finds it
        capture_output=True,
        text=True,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout
    requirements = (project / "requirements.txt").read_text()
    assert flowdsl_requirement() in requirements.splitlines()
    assert "@@" not in requirements


def test_init_never_overwrites_and_names_the_missing_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n')
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "order.py").write_text("# my own\n")
    result = run_flowdsl(tmp_path, "init")
    assert result.returncode == 0, result.stderr
    assert "kept    pyproject.toml" in result.stdout
    assert "kept    flows/order.py" in result.stdout
    assert (tmp_path / "flows" / "order.py").read_text() == "# my own\n"
    assert (tmp_path / "pyproject.toml").read_text() == '[project]\nname = "mine"\n'
    assert "no [tool.flowdsl] table" in result.stderr
    assert (tmp_path / ".pre-commit-config.yaml").is_file()


def test_init_into_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("")
    result = run_flowdsl(tmp_path, "init", "taken")
    assert result.returncode == 2
    assert "is a file" in result.stderr and "Traceback" not in result.stderr


def test_init_reports_a_file_in_the_way_of_a_directory(tmp_path: Path) -> None:
    (tmp_path / ".github").write_text("")
    result = run_flowdsl(tmp_path, "init")
    assert result.returncode == 2
    assert "cannot write the project" in result.stderr and "Traceback" not in result.stderr


def test_a_repository_without_flows_gets_a_hint(tmp_path: Path) -> None:
    result = run_flowdsl(tmp_path, "compile")
    assert result.returncode == 2
    assert "no such flow file or directory: flows" in result.stderr
    assert "flowdsl init" in result.stderr and "[tool.flowdsl]" in result.stderr
    assert str(tmp_path) not in result.stderr  # the path as the user would type it


def test_python_dash_m_flowdsl_is_the_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flowdsl", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "init" in result.stdout and "compile" in result.stdout


def test_the_readme_shows_the_pre_commit_config_init_writes() -> None:
    import re
    from importlib import resources

    import yaml

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)]
    local = [
        b for b in blocks if isinstance(b, dict) and b.get("repos", [{}])[0].get("repo") == "local"
    ]
    template = resources.files("flowdsl.scaffold").joinpath("template/pre-commit-config.yaml.tmpl")
    assert local == [yaml.safe_load(template.read_text(encoding="utf-8"))]
