"""Benchmark: `flowdsl import` of the real-world corpus (tests/importer/corpus), target < 10 s.

Imports every definition the way `flowdsl import DIR/*.asl.json -o flows/` does (read, validate,
write Python, format with ruff) in one process, and separately times `--verify` (recompile and
run both definitions under the derived inputs) for those that import.
Run: python benchmarks/bench_import.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from flowdsl.errors import FlowdslError
from flowdsl.importer import import_definition, read_definitions
from flowdsl.importer.verify import recompile, verify

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "importer" / "corpus"


def import_all(files: list[Path]) -> list[tuple[object, str]]:
    imported = []
    for path in files:
        try:
            for definition in read_definitions(path):
                imported.append((definition, import_definition(definition).source))
        except FlowdslError:
            continue  # refused with a message: part of the work measured
    return imported


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.asl.json"))
    times, cpu = [], []
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        imported = import_all(files)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    # CPU time too: on a shared, loaded machine the wall clock also counts others' work
    # (ruff runs as a subprocess, whose time neither figure counts alone; see the wall clock).
    print(
        f"import: {len(files)} definitions ({len(imported)} imported) in "
        f"{statistics.median(times):.2f} s (median of {args.repeat}; "
        f"{statistics.median(cpu):.2f} s CPU in this process)"
    )
    start = time.perf_counter()
    same = 0
    for definition, source in imported:
        try:
            same += verify(definition.asl, recompile(source, definition.name)).same  # type: ignore[attr-defined]
        except FlowdslError:
            continue
    print(
        f"--verify: {len(imported)} modules in {time.perf_counter() - start:.2f} s, {same} the same"
    )


if __name__ == "__main__":
    main()
