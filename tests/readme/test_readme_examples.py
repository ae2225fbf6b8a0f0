"""The README's pytest example for a seed workflow runs as written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_flowdsl


def readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_testing_example_runs(monkeypatch: pytest.MonkeyPatch, snapshot) -> None:  # type: ignore[no-untyped-def]
    block = next(b for b in readme_python_blocks() if "from flowdsl.testing import" in b)
    monkeypatch.chdir(ROOT)  # the example names a workflow under generated/
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    tests = {k: v for k, v in namespace.items() if k.startswith("test_") and callable(v)}
    assert set(tests) == {
        "test_inventory_callback",
        "test_inventory_callback_failure",
        "test_behaviour_snapshot",
    }
    tests["test_inventory_callback"]()
    tests["test_inventory_callback_failure"]()
    tests["test_behaviour_snapshot"](snapshot)


def test_first_example_is_the_inventory_flow() -> None:
    first = readme_python_blocks()[0]
    flow = (ROOT / "flows" / "inventory.py").read_text(encoding="utf-8")
    for line in first.splitlines():
        if line.strip().startswith(("orders.send_message", "return", "except", "try")):
            assert line.strip() in flow, line


@pytest.mark.parametrize("index", range(len(readme_python_blocks())))
def test_python_blocks_are_formatted(index: int) -> None:
    # Users copy these blocks into repositories whose pre-commit runs `ruff format --check`
    # (the one `flowdsl init` writes does): they must pass it as printed.
    block = readme_python_blocks()[index]
    ruff = shutil.which("ruff")
    assert ruff, "ruff is a test dependency"
    done = subprocess.run(
        [ruff, "format", "--check", "--stdin-filename", "example.py", "-"],
        input=block,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"README Python block {index} is not ruff-formatted:\n{block}"


def test_literal_asl_example_compiles_with_least_privilege(tmp_path: Path) -> None:
    block = next(b for b in readme_python_blocks() if "def ship_paid_lines" in b)
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "ship.py").write_text(block, encoding="utf-8")
    done = run_flowdsl(tmp_path, "compile")
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    policy = json.loads((tmp_path / "generated" / "ShipPaidLines" / "role-policy.json").read_text())
    (statement,) = policy["Statement"]
    assert statement["Action"] == ["lambda:InvokeFunction"]
    assert statement["Resource"] == [
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:Ship"
    ]
