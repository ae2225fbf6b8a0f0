"""Monorepo benchmark: `flowdsl compile` on a generated repository of 1,000 workflows.

Generates the repository with gen_repo.py (about 20 states per workflow) in a temporary
directory, then times, each in a fresh process as CI or a pre-commit hook runs it:

  full compile         `flowdsl compile` with no generated/ and no .flowdsl_cache (and with
                       `--jobs 1` too, where the compiler has --jobs)
  cache-hit check      `flowdsl compile --check` right after a compile (nothing changed)
  check after an edit  `flowdsl compile --check` after changing one string in one flow (exit 1:
                       that workflow is stale); the edit is undone before the next try
  --no-cache check     `flowdsl compile --check --no-cache`: everything compiled and compared

`--profile` instead runs one full compile in this process under cProfile and prints where the
time goes.

Run (unset PYTHONDONTWRITEBYTECODE first, which these machines export; this script also drops
it from the processes it starts):
    python benchmarks/bench_repo.py [--workflows 1000] [--repeat 3] [--keep DIR]
    python benchmarks/bench_repo.py --profile [--top 40]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from gen_repo import generate  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def flowdsl(repo: Path, *args: str, expect: int = 0) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, all its processes) of one `flowdsl compile ...` in
    `repo`, whose exit code must be `expect`. On a shared machine the CPU time is the steadier
    figure; the wall time is what a user waits."""
    command = [sys.executable, "-m", "flowdsl.cli.main", "compile", "-q", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != expect:
        raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr[-3000:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return elapsed, cpu


def clean(repo: Path) -> None:
    for name in ("generated", ".flowdsl_cache"):
        shutil.rmtree(repo / name, ignore_errors=True)


def has_jobs_option(repo: Path) -> bool:
    command = [sys.executable, "-m", "flowdsl.cli.main", "compile", "--help"]
    done = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
    return "--jobs" in done.stdout


def edit_one(flow: Path, attempt: int) -> str:
    """Change one string in a flow (one state's output); return the original text."""
    original = flow.read_text(encoding="utf-8")
    marker = '"flow": "'
    assert marker in original, flow
    flow.write_text(original.replace(marker, f"{marker}edit{attempt}-", 1), encoding="utf-8")
    return original


def size_of(generated: Path) -> tuple[int, int]:
    files = [p for p in generated.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(repo: Path, flows: list[Path], repeat: int) -> None:
    serial = ("--jobs", "1") if has_jobs_option(repo) else ()
    rows: list[tuple[str, list[tuple[float, float]]]] = []
    full: list[tuple[float, float]] = []
    full_serial: list[tuple[float, float]] = []
    for _ in range(repeat):
        if serial:
            clean(repo)
            full_serial.append(flowdsl(repo, *serial))
        clean(repo)
        full.append(flowdsl(repo))
    rows.append(("full compile" + (" (default --jobs)" if serial else ""), full))
    if serial:
        rows.append(("full compile --jobs 1", full_serial))
    count, size = size_of(repo / "generated")
    hits = [flowdsl(repo, "--check") for _ in range(max(5, repeat))]
    rows.append(("cache-hit --check", hits))
    edited: list[tuple[float, float]] = []
    for attempt in range(repeat):
        flow = flows[(attempt * 337) % len(flows)]
        original = edit_one(flow, attempt)
        try:
            edited.append(flowdsl(repo, "--check", expect=1))
        finally:
            flow.write_text(original, encoding="utf-8")
    rows.append(("--check after editing one flow", edited))
    rows.append(("--check --no-cache", [flowdsl(repo, "--check", "--no-cache")]))
    print(f"{len(flows)} workflows; generated/: {count:,} files, {size / 1e6:.1f} MB")
    print(f"{'median of n runs':<34} {'wall s':>7} {'cpu s':>7} {'min wall':>9} {'n':>3}")
    for label, runs in rows:
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        fastest = min(run[0] for run in runs)
        print(f"{label:<34} {wall:7.2f} {cpu:7.2f} {fastest:9.2f} {len(runs):3}", flush=True)


def profile(repo: Path, top: int) -> None:
    from flowdsl.cli.main import main as cli

    clean(repo)
    os.chdir(repo)
    profiler = cProfile.Profile(time.process_time)  # CPU time: steady on a shared machine
    try:
        profiler.runcall(cli, ["compile", "-q"])
    except SystemExit as exit_:
        assert not exit_.code, exit_.code
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workflows", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.keep or Path(tmp)
        flows = generate(repo, args.workflows, args.seed)
        if args.profile:
            profile(repo, args.top)
        else:
            measure(repo, flows, args.repeat)


if __name__ == "__main__":
    main()
