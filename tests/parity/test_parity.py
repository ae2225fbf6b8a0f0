"""Parity: the runner replays executions recorded on AWS and must reproduce them.

Every case under cases/ runs (see replay.py): a case that cannot be replayed offline is listed
in expectations.NOT_REPLAYABLE with its reason and reported as skipped with that reason; a
known difference is in expectations.KNOWN_DIFFERENCES and must still differ (strict xfail), so
fixing it forces the list to shrink.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.parity.expectations import KNOWN_DIFFERENCES, NOT_REPLAYABLE, category, reason_for
from tests.parity.replay import (
    Outcome,
    differences,
    matches,
    recorded_outcome,
    replay,
    runner_outcome,
)

CASES = Path(__file__).resolve().parent / "cases"


@cache
def all_cases() -> list[dict[str, Any]]:
    cases = []
    for file in sorted(CASES.glob("*.json")):
        document = json.loads(file.read_text(encoding="utf-8"))
        for case in document["cases"]:
            case["provenance"] = document["provenance"]
            cases.append(case)
    return cases


def short(case_id: str) -> str:
    return case_id.removeprefix("tests/aws/services/stepfunctions/v2/")


def compare(case: dict[str, Any]) -> list[str]:
    """The differences between the runner's replay and AWS's recording (empty: it matches)."""
    from tests.parity.replay import Unanswerable

    try:
        execution = replay(case, json.loads(case["definition"]))
    except Unanswerable as exc:
        return [f"not answerable from the recording: {exc}"]
    if "history" in case:
        return differences(recorded_outcome(case["history"]), runner_outcome(execution))
    if "response" in case:
        response = case["response"]
        recorded = Outcome(response["status"], response.get("output"))
        recorded.error, recorded.cause = response.get("error"), response.get("cause")
        return differences(recorded, runner_outcome(execution), states=False)
    if execution.status == "SUCCEEDED" and matches(case["output"], execution.output):
        return []
    return [f"output: AWS {case['output']!r}, runner {execution.status} {execution.output!r}"]


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: short(c["id"]))
def test_replay_matches_recording(case: dict[str, Any]) -> None:
    skip = reason_for(case["id"], NOT_REPLAYABLE)
    if skip is not None:
        pytest.skip(f"not replayable: {skip}")
    known = reason_for(case["id"], KNOWN_DIFFERENCES)
    found = compare(case)
    if known is not None:
        assert found, f"listed as a known difference ({known}) but the runner now matches"
        pytest.xfail(known)
    assert not found, "\n".join(found)


def parity() -> tuple[int, int, list[str]]:
    """(replayable, matching, core-category cases that differ for a reason not issue 12's)."""
    replayable = [c for c in all_cases() if reason_for(c["id"], NOT_REPLAYABLE) is None]
    matching = [c for c in replayable if reason_for(c["id"], KNOWN_DIFFERENCES) is None]
    core = {"Choice operators", "intrinsic functions", "JSONata evaluation", "error handling"}
    core |= {"Map", "Parallel", "variables"}
    gaps = [
        short(c["id"])
        for c in replayable
        if category(c) & core
        and (reason := reason_for(c["id"], KNOWN_DIFFERENCES)) is not None
        and "issue 12" not in reason
    ]
    return len(replayable), len(matching), gaps


def test_parity_figure_meets_the_targets() -> None:
    """>= 95% of replayable cases match, and every one in the categories users meet most
    (Choice, intrinsics, JSONata, error handling, Map, Parallel, variables) but those waiting
    on issue 12's fixes."""
    replayable, matching, gaps = parity()
    assert matching / replayable >= 0.95, (matching, replayable)
    assert not gaps, gaps


def test_every_listed_case_exists() -> None:
    """An entry of the lists that names no case is stale: remove it."""
    ids = [c["id"] for c in all_cases()]
    for listing in (NOT_REPLAYABLE, KNOWN_DIFFERENCES):
        for fragment in listing:
            assert any(fragment in case_id for case_id in ids), fragment


def test_every_case_has_provenance_and_every_unpaired_recording_a_reason() -> None:
    for case in all_cases():
        provenance = case["provenance"]
        assert provenance["repository"] == "localstack/localstack"
        assert len(provenance["commit"]) == 40
        assert case["id"].startswith(provenance["test"] + "::")
    unpaired = json.loads((CASES.parent / "unpaired.json").read_text(encoding="utf-8"))
    paired = {c["id"] for c in all_cases()}
    for entry in unpaired:
        assert entry["reason"] and entry["id"] not in paired
