"""Which recorded cases cannot be replayed offline, and which differ from AWS, with reasons.

Keys are fragments of case ids (a fragment names every case whose id contains it).
"""

from __future__ import annotations

from typing import Any

_ANONYMISED_TIME = "the timestamp in the input was anonymised in the recording (wall-clock time)"
_CHILDREN = (
    "a Task inside a Distributed Map's child executions: their results are in the children's "
    "histories, which were not recorded"
)
_SORTED = (
    "LocalStack's snapshot sorted the events of Parallel branches and erased their ids, so the "
    "recording does not say which result answered which Task call"
)
_ISSUE_12 = (
    "a JSONata field that evaluates to nothing -> States.QueryEvaluationError: fixed by issue 12"
)

_SYNC = "a StartSyncExecution response holds the outcome only, not the task results"

NOT_REPLAYABLE: dict[str, str] = {
    "test_math_random": "the random number was anonymised in the recording",
    "test_timestamp_operators.py": "the timestamp in the input was anonymised in the recording",
    "test_wait_timestamppath[": _ANONYMISED_TIME,
    "test_wait_timestamp_path[": _ANONYMISED_TIME,
    "test_wait_timestamp_jsonata[": _ANONYMISED_TIME,
    "test_timestamp_too_far_in_future_boundary[24855]": (
        "recorded while the execution was still waiting (about 68 years), its timestamp anonymised"
    ),
    "test_timestamp_too_far_in_future_boundary[24856]": _ANONYMISED_TIME,
    "test_map_state_config_distributed_reentrant_lambda": _CHILDREN,
    "test_map_state_nested_config_distributed_no_max_max_concurrency": _CHILDREN,
    "test_parallel_state_lambda": _SORTED,
    "PARALLEL_CATCH_ERROR_OUTPUT_WITH_RETRY": _SORTED,
    "local_mocking/test_base_scenarios.py::TestBaseScenarios::test_map_state_lambda": _CHILDREN,
    "test_service_lambda_map_timeout": (
        "timing: how many concurrent Map iterations had started when the first timed out "
        "(status and error match; the runner runs iterations one at a time)"
    ),
    "test_activity_task_on_deleted": "an activity deleted during the run (a real service's state)",
    "test_get_execution_history_reversed": "the history was recorded in reverse order",
    "test_stop_execution": "the execution was stopped by a StopExecution API call",
    "test_express_sync.py::TestExpressSync::test_catch": _SYNC,
    "test_express_sync.py::TestExpressSync::test_retry": _SYNC,
    "test_lambda_service_invoke_sync_execution": _SYNC,
    "test_max_concurrency_path_negative": (
        "recorded while still running: the history holds only ExecutionStarted"
    ),
    "test_parallel_state_nested": (
        "LocalStack's snapshot normaliser dropped the nested Parallel's closing events"
    ),
}

KNOWN_DIFFERENCES: dict[str, str] = {
    "test_query_runtime_memory::start_execution_sync_response": (
        "an Express execution's $$.Execution (an express: ARN, no RedriveCount): the runner "
        "is not told the workflow type"
    ),
    "test_undefined_reference[": _ISSUE_12,
    # Its Catch Output reads a variable the iteration never assigned: 'Output/error' is
    # undefined on AWS, so the execution fails there.
    "MAP_CATCH_ERROR_OUTPUT_WITH_RETRY": _ISSUE_12,
}


def reason_for(case_id: str, listing: dict[str, str]) -> str | None:
    return next((reason for fragment, reason in listing.items() if fragment in case_id), None)


_BY_DIRECTORY = {
    "choice_operators/": "Choice operators",
    "intrinsic_functions/": "intrinsic functions",
    "evaluate_jsonata/": "JSONata evaluation",
    "query_language/": "JSONata evaluation",
    "arguments/": "JSONata evaluation",
    "outputdecl/": "JSONata evaluation",
    "error_handling/": "error handling",
    "states_variables/": "error handling",
    "assign/": "variables",
}


def category(case: dict[str, Any]) -> set[str]:
    """The feature areas a case exercises: its test directory, and Map/Parallel states used."""
    found = {name for folder, name in _BY_DIRECTORY.items() if f"/{folder}" in case["id"]}
    definition = case.get("definition") or ""
    for kind in ("Map", "Parallel"):
        if f'"Type": "{kind}"' in definition:
            found.add(kind)
    return found
