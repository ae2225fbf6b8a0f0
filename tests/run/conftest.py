"""Shared helpers for the runner's tests: seed definitions and the moto witness."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

SEEDS = Path("/work/shared/seeds")


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
    import boto3
    from moto import mock_aws

    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    with mock_aws(config=config):
        values = setup() if setup else {}
        document = json.dumps(definition)
        for key, value in (values or {}).items():
            document = document.replace("${" + key + "}", value)
        client = boto3.client("stepfunctions", region_name="us-east-1")
        arn = client.create_state_machine(
            name="witness", definition=document, roleArn="arn:aws:iam::123456789012:role/witness"
        )["stateMachineArn"]
        execution = client.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))
        deadline = time.monotonic() + 20
        while True:
            described = client.describe_execution(executionArn=execution["executionArn"])
            if described["status"] != "RUNNING" or time.monotonic() > deadline:
                break
            time.sleep(0.01)
    outcome: dict[str, Any] = {"status": described["status"]}
    if "output" in described:
        outcome["output"] = json.loads(described["output"])
    for key in ("error", "cause"):
        if key in described:
            outcome[key] = described[key]
    return outcome
