"""The real-world corpus (aws-samples' step-functions-workflows-collection, serverless-patterns,
aws-stepfunctions-examples and serverless-samples; see corpus/PROVENANCE.json) imported and
verified: each definition's outcome is the recorded one."""

from __future__ import annotations

import json

import pytest

from tests.importer.outcomes import EXPECTED, corpus_files, outcome

RECORDED: dict[str, str] = json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_every_corpus_file_has_a_recorded_outcome_and_provenance() -> None:
    names = {path.name for path in corpus_files()}
    assert names == set(RECORDED)
    provenance = json.loads((corpus_files()[0].parent / "PROVENANCE.json").read_text())
    assert {row["file"] for row in provenance} == names
    assert all(row["commit"] and row["path"] and row["repository"] for row in provenance)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_import_outcome_is_as_recorded(path) -> None:  # type: ignore[no-untyped-def]
    found = outcome(path)
    expected = RECORDED[path.name]
    if found != expected and found == "same":
        pytest.fail(
            f"{path.name} now imports with the same behaviour (recorded: {expected}); "
            "record the progress with `python -m tests.importer.outcomes`"
        )
    assert found == expected


def test_a_recorded_same_is_never_a_difference() -> None:
    # The record itself holds no accepted difference other than the ones listed here, each
    # with its reason.
    known = {
        # A Map over [1, 2, ...] whose Catch puts the error at $.stateoutput.X of the item (a
        # number): both fail, the original with States.Runtime (ResultPath on a non-object),
        # the import with States.IntrinsicFailure (States.JsonMerge on a non-object).
        "app-control-concurrency-with-dynamodb-tf-3.asl.json",
        # The same definition as published in aws-samples/aws-stepfunctions-examples.
        "app-control-concurrency-with-dynamodb-test-run-semaphore.asl.json",
        # Both fail: the original reads `$$.Execution.Name ` (a trailing space, no such field)
        # in BuildBatches; the import fails before it with States.IntrinsicFailure ("The path
        # '$data.stateoutput' selected nothing") under the derived input.
        "app-decompose-for-parallelism-main.asl.json",
        # An import bug, open: the original reads QualityResults[0] of the state data after a
        # Map has written its results there; the import reads the variable `data`, which the
        # literal ASL part before it did not update, so the Choice finds no value.
        "app-dataquality-using-lambda.asl.json",
        # Both fail on input without `[0].body`: the original with States.Runtime (a path in
        # Parameters), the import with States.IntrinsicFailure (the same path in an intrinsic).
        "parallel-agent-early-stopping.asl.json",
    }
    differing = {name for name, result in RECORDED.items() if result.startswith("differs")}
    assert differing <= known
