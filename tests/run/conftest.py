"""Shared helpers for the runner's tests: seed definitions and the moto witness."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.seeds import SEEDS


def seed_definition(number: str) -> dict[str, Any]:
    """The ASL definition embedded in a seed tutorial (the first JSON object with StartAt)."""
    text = next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
    start = text.index('"StartAt"')
    opening = [m.start() for m in re.finditer(r"(?m)^\s*\{\s*$", text[:start])][-1]
    definition, _ = json.JSONDecoder().raw_decode(text[opening:].lstrip())
    return definition


def moto_execute(
    definition: dict[str, Any], execution_input: Any, setup: Any = None
) -> dict[str, Any]:
    """Run `definition` in moto's Step Functions interpreter; return status/output/error/cause.

    `setup(session)` may create resources (queues, functions) first and returns substitutions.
    """
    from moto import mock_aws

    from tests.moto_witness import MOTO_CONFIG, execute_in_moto

    with mock_aws(config=MOTO_CONFIG):
        values = setup() if setup else {}
        described, _ = execute_in_moto(definition, values or {}, execution_input)
    outcome: dict[str, Any] = {"status": described["status"]}
    if "output" in described:
        outcome["output"] = json.loads(described["output"])
    for key in ("error", "cause"):
        if key in described:
            outcome[key] = described[key]
    return outcome
