"""Benchmark: how fast the offline runner replays the AWS-recorded parity corpus.

Run: `python benchmarks/bench_parity.py [--repeat 3]`. Every replayable case under
tests/parity/cases/ is run through flowdsl's runner with its recorded answers and compared with
the recording, as tests/parity/test_parity.py does, without pytest around it; the best of
`--repeat` rounds is reported (executions/s and states/s).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.parity.expectations import NOT_REPLAYABLE, reason_for  # noqa: E402
from tests.parity.replay import Unanswerable, replay  # noqa: E402
from tests.parity.test_parity import all_cases, compare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = [c for c in all_cases() if reason_for(c["id"], NOT_REPLAYABLE) is None]
    states = 0
    for case in cases:
        # A known difference may call an integration AWS never reached: not counted.
        with contextlib.suppress(Unanswerable):
            states += len(replay(case, json.loads(case["definition"])).states_entered)
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        for case in cases:
            compare(case)
        best = min(best, time.perf_counter() - start)
    print(
        f"{len(cases)} recorded executions ({states} states entered) replayed and compared in "
        f"{best:.2f} s: {len(cases) / best:,.0f} executions/s, {states / best:,.0f} states/s"
    )


if __name__ == "__main__":
    main()
