"""Fresh compile of the four seed flows: flowdsl against sfnx, in the same run.

flowdsl: `flowdsl compile` in a copy of this repository's `flows/` and `pyproject.toml` with no
`generated/` and no `.flowdsl_cache` (a fresh clone): definitions, substitutions, IAM policies,
review pages and CloudFormation templates, validated and written.

sfnx (PyPI `sfnx`, the closest peer): the same four workflows written for it
(`benchmarks/peers/sfnx/`), compiled to ASL definitions only (sfnx writes no IAM, picture or
template), two ways: one process compiling the four files through its API (`compile_file`),
and its CLI run once per file (`sfnx compile FILE -o DIR`, one file per call), as a Makefile
would. sfnx is not a dependency of flowdsl: install it into a throwaway venv and point
`--sfnx-python` at that interpreter:

    python3 -m venv /tmp/sfnx-venv && /tmp/sfnx-venv/bin/pip install sfnx

Runs alternate between the tools so both see the same machine load; each figure is the median
of `--repeat` fresh processes, wall and CPU time (user + system), after one warm-up run
each (bytecode written).

Run (unset PYTHONDONTWRITEBYTECODE first, which these machines export; this script also drops
it from the processes it starts):
    python benchmarks/bench_seeds.py [--sfnx-python /tmp/sfnx-venv/bin/python] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SFNX_FLOWS = sorted((ROOT / "benchmarks" / "peers" / "sfnx").glob("*.py"))
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

SFNX_API = """\
import json, sys
from pathlib import Path
from sfnx.compiler import compile_file
out = Path(sys.argv[1])
for name in sys.argv[2:]:
    for function, definition in compile_file(name).items():
        text = json.dumps(definition, indent=2, ensure_ascii=False) + "\\n"
        (out / f"{function}.asl.json").write_text(text, encoding="utf-8")
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one process; on a machine shared with other
    work the CPU time is the steadier figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def flowdsl_fresh(work: Path) -> tuple[float, float]:
    repo = work / "flowdsl"
    shutil.rmtree(repo, ignore_errors=True)
    (repo / "flows").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    for flow in sorted((ROOT / "flows").glob("*.py")):
        shutil.copy(flow, repo / "flows" / flow.name)
    elapsed = timed([sys.executable, "-m", "flowdsl.cli.main", "compile", "-q"], repo)
    # One directory per workflow, beside the manifest of the files written.
    written = sorted(p.name for p in (repo / "generated").iterdir() if p.is_dir())
    assert len(written) == 4, written
    assert (repo / "generated" / ".flowdsl-manifest.json").is_file()
    return elapsed


def sfnx_api(python: str, work: Path) -> tuple[float, float]:
    out = work / "sfnx-api"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    elapsed = timed([python, "-c", SFNX_API, str(out), *map(str, SFNX_FLOWS)], work)
    assert len(list(out.iterdir())) == 4
    return elapsed


def sfnx_cli(python: str, work: Path) -> tuple[float, float]:
    out = work / "sfnx-cli"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sfnx = str(Path(python).parent / "sfnx")
    runs = [timed([sfnx, "compile", str(flow), "-o", f"{out}/"], work) for flow in SFNX_FLOWS]
    assert len(list(out.iterdir())) == 4
    return sum(wall for wall, _ in runs), sum(cpu for _, cpu in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sfnx-python", default="/tmp/sfnx-venv/bin/python")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    sfnx_python = args.sfnx_python if Path(args.sfnx_python).exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        runs: dict[str, Callable[[], tuple[float, float]]] = {
            "flowdsl compile": lambda: flowdsl_fresh(work)
        }
        if sfnx_python:
            runs["sfnx, one process (API)"] = lambda: sfnx_api(sfnx_python, work)
            runs["sfnx, CLI once per file"] = lambda: sfnx_cli(sfnx_python, work)
        else:
            print(f"sfnx not found at {args.sfnx_python}: timing flowdsl alone", file=sys.stderr)
        for run in runs.values():  # warm up: bytecode, file caches
            run()
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in runs}
        for _ in range(args.repeat):
            for label, run in runs.items():
                times[label].append(run())
        bare = [timed([sys.executable, "-c", "pass"], work) for _ in range(5)]
    print(f"{'four seed flows, fresh':<28} {'wall s':>7} {'cpu s':>7} {'min wall':>9}")
    for label, values in [*times.items(), ("(bare interpreter start)", bare)]:
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{label:<28} {wall:7.3f} {cpu:7.3f} {min(v[0] for v in values):9.3f}")
    if sfnx_python:
        for index, kind in ((0, "wall"), (1, "cpu")):
            ours = statistics.median(v[index] for v in times["flowdsl compile"])
            theirs = statistics.median(v[index] for v in times["sfnx, one process (API)"])
            print(f"flowdsl / sfnx one process, {kind}: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
