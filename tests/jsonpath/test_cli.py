"""`flowdsl compile` on JSONPath workflows: files written, and FD180 at the user's line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FLOW = """\
from flowdsl import Function, workflow

price = Function("price")


@workflow(query_language="JSONPath")
def pricing(order: dict):
    quote = price(order)
    return {{"total": {total}, "id": order["id"]}}
"""


def compile_flow(tmp_path: Path, total: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "pricing.py").write_text(FLOW.format(total=total), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", "compile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_jsonpath_workflow_compiles(tmp_path: Path) -> None:
    done = compile_flow(tmp_path, 'quote["amount"]')
    assert done.returncode == 0, done.stderr
    definition = json.loads(
        (tmp_path / "generated" / "Pricing" / "definition.asl.json").read_text(encoding="utf-8")
    )
    assert definition["QueryLanguage"] == "JSONPath"
    (last,) = [s for s in definition["States"].values() if s.get("End")]
    assert last["Parameters"] == {"total.$": "$quote.amount", "id.$": "$order.id"}


def test_what_needs_jsonata_is_an_error_at_its_line(tmp_path: Path) -> None:
    done = compile_flow(tmp_path, 'quote["amount"] * 2')
    assert done.returncode == 2
    assert (
        "flows/pricing.py:9:5: error[FD180]: multiplication (*) cannot be written in JSONPath"
        in (done.stderr)
    )
    assert 'query_language="JSONata"' in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "generated").exists()
