"""flowdsl as a CI check elsewhere: the pre-commit hooks file and the README's Actions job."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from typing import Any

import pytest
import yaml

from flowdsl.cli.main import COMMANDS
from tests.review.cases import REPO

HOOKS = REPO / ".pre-commit-hooks.yaml"
# Keys pre-commit accepts in a hook definition (pre-commit's "Creating new hooks" manual).
HOOK_KEYS = {
    "id", "name", "entry", "language", "files", "exclude", "types", "types_or", "exclude_types",
    "always_run", "fail_fast", "verbose", "pass_filenames", "require_serial", "description",
    "language_version", "minimum_pre_commit_version", "args", "stages",
}  # fmt: skip


def hooks() -> list[dict[str, Any]]:
    loaded = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(loaded, list)
    return loaded


def test_hooks_file_parses_with_the_keys_pre_commit_knows() -> None:
    for hook in hooks():
        assert {"id", "name", "entry", "language"} <= set(hook), hook
        assert set(hook) <= HOOK_KEYS, set(hook) - HOOK_KEYS
        assert hook["language"] == "python"
    assert [hook["id"] for hook in hooks()] == ["flowdsl-check", "flowdsl-validate"]


def test_check_hook_runs_compile_check_on_the_whole_project() -> None:
    check = hooks()[0]
    assert check["entry"] == "flowdsl compile --check"
    assert check["pass_filenames"] is False
    assert check["always_run"] is True
    validate = hooks()[1]
    assert re.search(validate["files"], "generated/W/definition.asl.json")
    assert not re.search(validate["files"], "generated/W/role-policy.json")


@pytest.mark.parametrize("index", [0, 1])
def test_hook_entries_name_real_commands_and_options(index: int) -> None:
    program, command, *options = shlex.split(hooks()[index]["entry"])
    assert program == "flowdsl"
    assert command in COMMANDS
    # The installed console script is `flowdsl = flowdsl.cli.main:main`; `--help` lists options.
    result = subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", command, "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for option in options:
        assert option in result.stdout


def test_check_hook_entry_passes_on_this_repository() -> None:
    # What the hook runs, run here: generated/ is committed up to date.
    args = shlex.split(hooks()[0]["entry"])[1:]
    result = subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1 = stale: a real answer, not a crash
    assert "Traceback" not in result.stderr


def actions_job(markdown: str) -> dict[str, Any] | None:
    """The first YAML block of a Markdown text that is a workflow running `compile --check`."""
    for block in re.findall(r"```ya?ml\n(.*?)```", markdown, re.DOTALL):
        if "flowdsl compile --check" in block and "jobs:" in block:
            loaded = yaml.safe_load(block)
            assert isinstance(loaded, dict)
            return loaded
    return None


def check_actions_job(workflow: dict[str, Any]) -> None:
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = [str(step.get("run", "")) for step in steps]
    uses = [str(step.get("uses", "")) for step in steps]
    assert any(run.startswith("python -m pip install") for run in runs)
    assert "flowdsl compile --check" in runs
    assert "flowdsl validate generated/*/definition.asl.json" in runs
    # Install comes before the checks that need it.
    assert runs.index("flowdsl compile --check") > next(
        i for i, run in enumerate(runs) if "pip install" in run
    )
    assert any(use.startswith("actions/checkout@") for use in uses)
    assert any(use.startswith("actions/setup-python@") for use in uses)
    # Every command the job runs is one flowdsl has.
    for run in runs:
        if run.startswith("flowdsl "):
            assert shlex.split(run)[1] in COMMANDS


def test_documented_actions_job_runs_the_checks() -> None:
    workflow = actions_job((REPO / "docs" / "ci.md").read_text(encoding="utf-8"))
    assert workflow is not None
    check_actions_job(workflow)


def test_readme_actions_job_runs_the_checks() -> None:
    workflow = actions_job((REPO / "README.md").read_text(encoding="utf-8"))
    if workflow is None:
        pytest.skip("the README's GitHub Actions section is not merged yet")
    check_actions_job(workflow)


def test_documented_pre_commit_config_uses_the_hook_ids() -> None:
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]
    configs = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    assert configs
    used = {hook["id"] for repo in configs[0]["repos"] for hook in repo["hooks"]}
    assert used == {hook["id"] for hook in hooks()}
