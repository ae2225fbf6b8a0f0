"""Incremental and parallel builds: an edit compiles what depends on it, and nothing else; a
process pool writes the same bytes as a serial run; killed and concurrent compiles leave a tree
that `--check` judges truly."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flowdsl.build import pool
from flowdsl.cli.main import main
from tests.build.project import check_agrees, env_for, run, write_flow
from tests.build.test_owned_writes import tree_bytes

NESTING = """\
from alpha import alpha
from flowdsl import workflow


@workflow
def gamma(order):
    return alpha(order)
"""

SHARED_USER = """\
from shared import QUEUE
from flowdsl import Queue, workflow

jobs = Queue(QUEUE)


@workflow
def beta(job):
    jobs.send_message(MessageBody={"job": job})
"""


def in_process(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, list[str]]:
    """`flowdsl compile ARGS` in this process: its exit code and the flow modules it compiled."""
    compiled: list[str] = []
    real = pool.compile_task

    def spy(task: pool.Task) -> pool.ModuleOutcome:
        compiled.append(task.path.name)
        return real(task)

    monkeypatch.chdir(root)
    monkeypatch.setattr(pool, "compile_task", spy)
    try:
        main(["compile", "--jobs", "1", *args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        monkeypatch.setattr(pool, "compile_task", real)
    return code, sorted(compiled)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_flow(tmp_path, "alpha")
    write_flow(tmp_path, "delta")
    (tmp_path / "flows" / "beta.py").write_text(SHARED_USER, encoding="utf-8")
    (tmp_path / "flows" / "gamma.py").write_text(NESTING, encoding="utf-8")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "shared.py").write_text("QUEUE = 'shared'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    assert in_process(tmp_path, monkeypatch)[0] == 0
    return tmp_path


def test_an_edit_compiles_only_what_depends_on_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert in_process(project, monkeypatch, "--check") == (0, [])
    # The flow itself and the flow that nests its workflow.
    write_flow(project, "alpha", queue="edited")
    assert in_process(project, monkeypatch, "--check") == (1, ["alpha.py", "gamma.py"])
    # Its outputs are recorded now: the same answer again needs no compile.
    assert in_process(project, monkeypatch, "--check") == (1, [])
    # Writing needs the text: the module whose files differ from generated/ compiles again.
    assert in_process(project, monkeypatch) == (0, ["alpha.py"])
    # A project module: the flows that import it.
    (project / "lib" / "shared.py").write_text("QUEUE = 'other'\n", encoding="utf-8")
    assert in_process(project, monkeypatch) == (0, ["beta.py"])
    assert in_process(project, monkeypatch, "--check") == (0, [])
    # --no-cache compiles everything and agrees.
    compiled = ["alpha.py", "beta.py", "delta.py", "gamma.py"]
    assert in_process(project, monkeypatch, "--check", "--no-cache") == (0, compiled)


def _copy(source: Path, target: Path) -> Path:
    shutil.copytree(source / "flows", target / "flows")
    return target


def test_a_process_pool_writes_the_bytes_of_a_serial_run(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in ("alpha", "beta", "gamma", "delta", "epsilon", "zeta"):
        write_flow(source, name, queue=f"q-{name}")
    serial, parallel = _copy(source, tmp_path / "serial"), _copy(source, tmp_path / "parallel")
    assert run(serial, "compile", "--jobs", "1").returncode == 0
    assert run(parallel, "compile", "--jobs", "3").returncode == 0
    assert tree_bytes(serial / "generated") == tree_bytes(parallel / "generated")
    # Broken flows: the same diagnostics, in the same order.
    for root in (serial, parallel):
        for name in ("beta", "epsilon"):
            flow = root / "flows" / f"{name}.py"
            flow.write_text(flow.read_text().replace("MessageBody", "MessageBodyy"))
    one = run(serial, "compile", "--jobs", "1")
    many = run(parallel, "compile", "--jobs", "3")
    assert one.returncode == many.returncode == 2
    assert one.stderr == many.stderr
    assert one.stderr.index("flows/beta.py") < one.stderr.index("flows/epsilon.py")


@pytest.mark.parametrize("delay", [0.4, 1.2])
def test_a_killed_compile_is_judged_truly_then_repaired(tmp_path: Path, delay: float) -> None:
    for name in ("alpha", "beta", "gamma"):
        write_flow(tmp_path, name)
    assert run(tmp_path, "compile").returncode == 0
    for name in ("alpha", "beta", "gamma", "delta"):
        write_flow(tmp_path, name, queue="edited")
    process = subprocess.Popen(
        [sys.executable, "-m", "flowdsl.cli.main", "compile"],
        cwd=tmp_path,
        env=env_for(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    check_agrees(tmp_path)  # whatever the kill left, both checks say the same
    assert run(tmp_path, "compile").returncode == 0
    assert check_agrees(tmp_path) == 0
    assert not list((tmp_path / "generated").rglob("*.tmp"))


def test_concurrent_compiles_agree(tmp_path: Path) -> None:
    for name in ("alpha", "beta", "gamma"):
        write_flow(tmp_path, name)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "flowdsl.cli.main", "compile"],
            cwd=tmp_path,
            env=env_for(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert check_agrees(tmp_path) == 0
    assert not list((tmp_path / "generated").rglob("*.tmp"))


# -- property: after any edits, compiles (some killed part-way) and checks, the recorded check
# -- agrees with a full one ---------------------------------------------------------------

VARIANTS = ["jobs", "other", "third"]
step = st.one_of(
    st.tuples(
        st.just("edit"), st.sampled_from(["alpha", "beta", "gamma"]), st.sampled_from(VARIANTS)
    ),
    st.tuples(st.just("remove"), st.sampled_from(["beta", "gamma"]), st.just("")),
    st.tuples(st.just("compile"), st.just(""), st.just("")),
    st.tuples(st.just("kill"), st.integers(min_value=0, max_value=12), st.just("")),
    st.tuples(st.just("touch-generated"), st.sampled_from(["Alpha", "Beta"]), st.just("")),
)


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no cleanup catches it."""


def _compile_killed_after(root: Path, monkeypatch: pytest.MonkeyPatch, renames: int) -> None:
    import os

    real = os.replace
    count = {"n": 0}

    def replace(src: str, dst: str) -> None:
        if count["n"] >= renames:
            raise Killed
        count["n"] += 1
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    try:
        in_process(root, monkeypatch)
    except Killed:
        pass
    finally:
        monkeypatch.setattr(os, "replace", real)


def _checks_agree(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = in_process(root, monkeypatch, "--check")[0]
    full = in_process(root, monkeypatch, "--check", "--no-cache")[0]
    assert cached == full


def _property(
    steps: list[tuple[str, object, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("prop")
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name in ("alpha", "beta", "gamma"):
            write_flow(root, name)
        in_process(root, monkeypatch)
        for action, target, variant in steps:
            if action == "edit":
                write_flow(root, str(target), queue=variant)
            elif action == "remove":
                (root / "flows" / f"{target}.py").unlink(missing_ok=True)
            elif action == "compile":
                in_process(root, monkeypatch)
            elif action == "kill":
                _compile_killed_after(root, monkeypatch, int(target))  # type: ignore[call-overload]
            else:
                path = root / "generated" / str(target) / "definition.asl.json"
                if path.exists():
                    path.write_text(path.read_text().replace("Queue", "Quaue"))
            _checks_agree(root, monkeypatch)
        in_process(root, monkeypatch)
        assert in_process(root, monkeypatch, "--check", "--no-cache")[0] == 0
        assert not list((root / "generated").rglob("*.tmp"))


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(step, min_size=1, max_size=5))
def test_the_recorded_check_agrees_with_a_full_one(
    steps: list[tuple[str, object, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    _property(steps, tmp_path_factory)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_the_recorded_check_agrees_with_a_full_one_at_length(
    steps: list[tuple[str, object, str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    _property(steps, tmp_path_factory)
