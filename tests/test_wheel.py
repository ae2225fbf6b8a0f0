"""The wheel works anywhere: built from this tree, installed into a fresh virtual environment in
a temporary directory outside the repository, it scaffolds a project that compiles, tests,
passes its own pre-commit hooks and type checks (the seed flows too).

One test, about half a minute: the fresh environment reaches the test environment's
third-party packages through a .pth file instead of downloading them again. A .pth line only
adds a directory to sys.path (the .pth files inside it, such as the editable install of this
repository, are not processed), so flowdsl itself can come only from the wheel, which the test
checks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_FLOWS = ROOT / "flows"

# A flow that mypy must reject through the shipped aws.<service>.<operation> stubs.
MISTYPED_FLOW = """
from flowdsl import aws, workflow


@workflow
def listing(request):
    found = aws.s3.list_objects_v2(Bucket=request["bucket"], Prefx="in/")
    aws.s3.list_object_v2(Bucket="b")
    return found["Contents"]
"""


def test_the_wheel_installs_and_scaffolds_a_working_project(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)])
    (wheel,) = wheels.glob("flowdsl-*.whl")

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    site = Path(
        run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).strip()
    )
    (site / "test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)])

    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "VIRTUAL_ENV": str(venv),
    }
    env.pop("PYTHONPATH", None)
    where = run(
        [str(python), "-c", "import flowdsl, flowdsl.cli; print(flowdsl.__file__)"], env=env
    )
    assert where.startswith(str(site)), where  # from the wheel, not from this repository

    project = tmp_path / "project"
    run([str(venv / "bin" / "flowdsl"), "init", str(project)], env=env)
    run([str(python), "-m", "flowdsl", "compile"], cwd=project, env=env)
    assert (project / "generated" / "OrderStateMachine" / "README.md").is_file()
    tested = run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
    assert "3 passed" in tested

    # pre-commit from PyPI with the scaffolded config, in a git repository of the project.
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    run([*git, "init", "-q"], project, env)
    run([*git, "add", "-A"], project, env)
    hooks = run([str(python), "-m", "pre_commit", "run", "--all-files"], project, env)
    assert "flowdsl compile --check" in hooks and "Passed" in hooks
    flow = project / "flows" / "order.py"
    flow.write_text(flow.read_text().replace("# state: Accept", "# state: Accepted"))
    stale = run([str(python), "-m", "pre_commit", "run", "--all-files"], project, env, expect=1)
    assert "stale: generated/OrderStateMachine/definition.asl.json" in stale

    # mypy accepts the scaffolded and the seed flows and rejects a mistyped aws.* call.
    seeds = tmp_path / "seed_flows"
    shutil.copytree(SEED_FLOWS, seeds)
    mistyped = tmp_path / "mistyped"
    mistyped.mkdir()
    (mistyped / "listing.py").write_text(MISTYPED_FLOW)
    checked = run(
        [
            str(python),
            "-m",
            "mypy",
            "--no-incremental",
            "flows",
            "tests",
            str(seeds),
            str(mistyped),
        ],
        project,
        env,
        expect=1,
    )
    errors = [line for line in checked.splitlines() if ": error:" in line]
    assert len(errors) == 2, checked
    assert 'Unexpected keyword argument "Prefx" for "list_objects_v2"' in errors[0]
    assert '"S3" has no attribute "list_object_v2"; maybe "list_objects_v2"?' in errors[1]
    assert all("listing.py" in line for line in errors)


def run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, expect: int = 0
) -> str:
    """Run a command; its output (stdout and stderr), after checking its exit code."""
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    output = done.stdout + done.stderr
    assert done.returncode == expect, f"{command} exited {done.returncode}:\n{output}"
    return output
