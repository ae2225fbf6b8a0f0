"""Every hostile input through validate, policy, run, graph and diff, each in its own process.

Each command runs as a real `flowdsl` process with a wall-clock timeout and an address-space limit
(resource.setrlimit in the child): it must end within both, with exit 0, 1 or 2, a message, and no
traceback or "internal error".
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.corpus import CASES, COMMANDS, VALID, Case

TIMEOUT_SECONDS = 60  # generous for a loaded CI machine; the slowest case takes a few seconds
MEMORY_BYTES = 2 * 1024**3  # address space, so 2 GiB covers the interpreter and its libraries
FLOWDSL = [sys.executable, "-c", "import sys; from flowdsl.cli.main import main; sys.exit(main())"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _arguments(command: str, path: Path, baseline: Path) -> list[str]:
    if command == "diff":
        return ["diff", str(path), str(baseline)]
    return [command, str(path)]


@pytest.fixture(scope="session")
def child_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The children's environment: one bytecode cache for all of them, outside the sources.

    With PYTHONDONTWRITEBYTECODE (set on these machines) every child would compile flowdsl's
    sources again; the shared cache makes a child start in a fraction of the time.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path_factory.mktemp("pycache"))
    env["FLOWDSL_TRACEBACK"] = ""
    return env


def run_command(
    args: list[str], cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FLOWDSL, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=TIMEOUT_SECONDS,
        preexec_fn=_limit_memory,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_command_ends_cleanly(case: Case, tmp_path: Path, child_env: dict[str, str]) -> None:
    path = case.make(tmp_path)
    baseline = tmp_path / "baseline" / "valid.asl.json"
    baseline.parent.mkdir()
    baseline.write_text(json.dumps(VALID))
    for command in COMMANDS:
        args = _arguments(command, path, baseline)
        if command == "run":
            args += case.run_args
        done = run_command(args, tmp_path, child_env)
        said = done.stdout[-20_000:] + done.stderr[-20_000:]
        where = f"{command} on {case.name}: exit {done.returncode}\n{done.stderr[-2000:]}"
        assert done.returncode in (0, 1, 2), where
        assert "Traceback" not in said and "internal error" not in said, where
        if done.returncode == 2:
            assert done.stderr.strip(), where  # exit 2 always says why
        if command in case.expect:
            code, text = case.expect[command]
            assert done.returncode == code and text in said, where
