"""On a terminal (a pseudo-terminal here): a progress line over many flow files, coloured
diagnostics; the same command piped prints neither."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

FLOW = """from flowdsl import workflow


@workflow(name="Flow{n}")
def flow_{n}():
    return {n}
"""


def on_terminal(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run `flowdsl ARGS` with stdout and stderr on a pseudo-terminal; what it wrote there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "flowdsl", *args],
        cwd=cwd,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", **(env or {})},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_progress_and_colour_on_a_terminal_only(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    for n in range(6):
        (tmp_path / "flows" / f"f{n}.py").write_text(FLOW.format(n=n))
    shown = on_terminal(tmp_path, "compile")
    assert "[1/6] compiling flows/f0.py" in shown and "[6/6] compiling flows/f5.py" in shown
    assert "6 workflows, 43 files written" in shown  # 7 files each and the manifest
    piped = subprocess.run(
        [sys.executable, "-m", "flowdsl", "compile", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "compiling" not in piped.stderr and "\r" not in piped.stderr

    (tmp_path / "flows" / "f0.py").write_text("from flowdsl import workflow\nx = (\n")
    coloured = on_terminal(tmp_path, "compile", env={"NO_COLOR": ""})
    assert "\x1b[31m\x1b[1merror[FD002]" in coloured
    plain = on_terminal(tmp_path, "compile", env={"NO_COLOR": "1"})
    assert "error[FD002]" in plain and "\x1b[" not in plain
