"""Same input, same bytes: twice in one process, and under other PYTHONHASHSEEDs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import CASES, FLOWS, ROOT, compile_file

SCRIPT = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from flowdsl.compiler import compile_paths\n"
    "out = {}\n"
    "for p in sys.argv[1:]:\n"
    "    out.update(compile_paths([Path(p)], Path('.')).files())\n"
    "print(json.dumps(out, sort_keys=True))\n"
)


def all_files() -> dict[str, str]:
    files: dict[str, str] = {}
    for path in [FLOWS, *sorted(CASES.glob("*.py"))]:
        files.update(compile_file(path).files())
    return files


def test_compiling_twice_gives_the_same_bytes() -> None:
    assert all_files() == all_files()


def test_same_bytes_under_other_hash_seeds() -> None:
    expected = all_files()
    paths = [str(FLOWS), *map(str, sorted(CASES.glob("*.py")))]
    for seed in ("0", "4242"):
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, *paths],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert json.loads(proc.stdout) == expected, f"PYTHONHASHSEED={seed}"


def test_generated_files_are_canonical() -> None:
    for rel, text in all_files().items():
        assert text.endswith("\n") and not text.endswith("\n\n"), rel
        assert "/work/" not in text and str(ROOT) not in text, rel
        if rel.endswith(".json"):
            json.loads(text)
