"""`flowdsl.testing` as a user meets it: one-call runs, readable assertions, snapshot of a trace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from flowdsl.testing import lambda_payload, result, run_workflow, token_success

from .conftest import seed_definition


def test_readme_example_inventory_callback(json_snapshot: Any) -> None:
    execution = run_workflow(
        seed_definition("001"),
        {"orderId": "42"},
        mocks={"Check Inventory": token_success("Callback task completed successfully.")},
    )
    execution.assert_succeeded(output="Callback Task started by Step Functions succeeded")
    execution.assert_path("Check Inventory", "Notify Success")
    assert execution.arguments_of("Check Inventory")[0]["MessageBody"]["TaskToken"]
    assert execution.snapshot() == json_snapshot


def test_assertion_messages_say_what_happened() -> None:
    definition = {
        "StartAt": "T",
        "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
        },
    }
    execution = run_workflow(definition, {"a": 1}, {"T": lambda_payload({"n": 1})})
    with pytest.raises(AssertionError, match="output differs"):
        execution.assert_succeeded(output={"n": 2})
    with pytest.raises(AssertionError, match=r"expected: \['X'\]\n  actual:   \['T'\]"):
        execution.assert_path("X")
    with pytest.raises(AssertionError, match="expected the execution to fail"):
        execution.assert_failed()
    with pytest.raises(AssertionError, match="never called"):
        execution.assert_called_with("Other", {})
    with pytest.raises(AssertionError, match="never entered"):
        execution.assert_entered("Other")


def test_snapshot_is_plain_sorted_data_and_stable_across_hash_seeds() -> None:
    # The same run in two interpreters with different PYTHONHASHSEED gives the same bytes.
    script = (
        "import json; from tests.run.conftest import seed_definition;"
        "from flowdsl.testing import run_workflow, error;"
        "e = run_workflow(seed_definition('003'), {'bookId': 1},"
        " {'CheckInventory': error('Lambda.ServiceException', 'x')});"
        "print(json.dumps(e.snapshot()))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=60,
            cwd=os.getcwd(),
        )
        outputs.add(completed.stdout)
    assert len(outputs) == 1
    document = json.loads(outputs.pop())
    assert list(document) == sorted(document)
    assert document["error"] == "Lambda.ServiceException"


def test_mocks_are_not_shared_between_runs() -> None:
    definition = {
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": "r", "ResultPath": "$.r", "End": True}},
    }
    mock = result({"list": [1]})
    first = run_workflow(definition, {}, {"T": mock})
    first.output["r"]["list"].append(2)
    assert run_workflow(definition, {}, {"T": mock}).output == {"r": {"list": [1]}}


@pytest.mark.parametrize("language", ["JSONPath", "JSONata"])
def test_benchmark_workflow_runs(language: str) -> None:
    from benchmarks.bench_run import chain, mocks_for

    definition = chain(30, language)
    execution = run_workflow(definition, {"n": 0}, mocks_for(definition))
    execution.assert_succeeded(output={"n": 10})
    assert len(execution.states_entered) == 30
