"""A small project on disk for the build tests: flows/, a library module, a CLI runner."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from tests.conftest import run_flowdsl

# One workflow per file; `{queue}` is a module-level value, so an edit to it changes the output
# without touching the workflow body.
FLOW = """\
from flowdsl import Queue, workflow

jobs = Queue("{queue}")


@workflow
def {name}(job):
    jobs.send_message(MessageBody={{"job": job}})
"""


def write_flow(root: Path, name: str, queue: str = "jobs") -> Path:
    path = root / "flows" / f"{name}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FLOW.format(name=name, queue=queue), encoding="utf-8")
    return path


def env_for(root: Path, **extra: str) -> dict[str, str]:
    # `lib/` is importable the way a project's own package would be.
    path = os.pathsep.join(filter(None, [str(root / "lib"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def run(root: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return run_flowdsl(root, *args, env=env_for(root, **extra))


def check_agrees(root: Path, **extra: str) -> int:
    """`compile --check` and `compile --check --no-cache` give the same answer: return it."""
    cached = run(root, "compile", "--check", **extra)
    full = run(root, "compile", "--check", "--no-cache", **extra)
    assert cached.returncode == full.returncode, (cached.stderr, full.stderr)
    assert "Traceback" not in cached.stderr + full.stderr
    return cached.returncode


def set_db(path: Path, value: int) -> None:
    """An SQLite database holding one number, for flows that read one."""
    with sqlite3.connect(path) as db:
        db.execute("create table if not exists t (n integer)")
        db.execute("delete from t")
        db.execute("insert into t values (?)", (value,))
    db.close()
