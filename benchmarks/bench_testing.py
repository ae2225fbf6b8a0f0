"""Benchmark: what a test pays for run_workflow's freshness check, and ASL position lookup.

Run: `python benchmarks/bench_testing.py [--repeat 20]`. In a temporary copy of this
repository's flows (compiled once), it times one offline run of the bookstore workflow given as
an ASL path (no check), as a name (generated/ proved fresh by compiling the workflow in memory
first), and as the workflow function (compiled in memory); then the time to map every JSON
pointer of a 1,000-state definition to its line and column (`--format` on validate/policy/run).
Unset PYTHONDONTWRITEBYTECODE for figures comparable with an installed flowdsl.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(action: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from flowdsl.build.loading import load_module
    from flowdsl.reporting.positions import pointer_offsets
    from flowdsl.run import state_types
    from flowdsl.testing import lambda_payload, run_workflow

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "flows").mkdir()
        shutil.copy(ROOT / "flows" / "bookstore.py", project / "flows")
        (project / "pyproject.toml").write_text("[tool.flowdsl]\n")
        subprocess.run([sys.executable, "-m", "flowdsl", "compile", "-q"], cwd=project, check=True)
        os.chdir(project)
        path = project / "generated" / "BookstoreOrderFlow" / "definition.asl.json"
        definition = json.loads(path.read_text())
        tasks = [n for n, s in state_types(definition).items() if s.get("Type") == "Task"]
        mocks = {name: lambda_payload({"ItemStock": 1}) for name in tasks}
        (function,) = load_module(project / "flows" / "bookstore.py", project).workflows

        first = time.perf_counter()
        run_workflow("BookstoreOrderFlow", {"id": 1}, mocks).assert_succeeded()
        cold = time.perf_counter() - first
        rows = {
            "ASL path (no check)": lambda: run_workflow(path, {"id": 1}, mocks),
            "name (freshness proved)": lambda: run_workflow("BookstoreOrderFlow", {"id": 1}, mocks),
            "workflow function": lambda: run_workflow(function, {"id": 1}, mocks),
        }
        print(
            f"bookstore workflow, {len(state_types(definition))} states, median of {args.repeat}:"
        )
        print(f"  name, first call in the process (imports the flows): {cold * 1000:.1f} ms")
        for label, action in rows.items():
            print(f"  {label}: {median_seconds(action, args.repeat) * 1000:.1f} ms")

    states = {
        f"S{i}": {"Type": "Pass", "Assign": {"n": i}, "Next": f"S{i + 1}"} for i in range(999)
    }
    states["S999"] = {"Type": "Succeed"}
    text = json.dumps({"StartAt": "S0", "States": states}, indent=2)
    seconds = median_seconds(lambda: pointer_offsets(text), max(3, args.repeat // 4))
    count = len(pointer_offsets(text))
    print(
        f"positions of {count} JSON pointers in a 1,000-state definition ({len(text)} chars): "
        f"{seconds * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
