"""The errors an offline execution raises: ASL runtime errors (flow) and mock set-up mistakes (usage)."""

from __future__ import annotations

import json
from typing import Any

from flowdsl.errors import UsageError
from flowdsl.run.text_size import json_size_exceeds

# Predefined error names the runner itself raises.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
STATES_ALL = "States.ALL"
STATES_RUNTIME = "States.Runtime"
STATES_DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded"
STATES_TASK_FAILED = "States.TaskFailed"
STATES_TIMEOUT = "States.Timeout"
STATES_HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"
STATES_QUERY_EVALUATION_ERROR = "States.QueryEvaluationError"
STATES_INTRINSIC_FAILURE = "States.IntrinsicFailure"
STATES_NO_CHOICE_MATCHED = "States.NoChoiceMatched"
STATES_EXCEED_TOLERATED_FAILURE = "States.ExceedToleratedFailureThreshold"
STATES_ITEM_READER_FAILED = "States.ItemReaderFailed"


class StatesError(Exception):
    """An ASL error raised inside an execution (by a mock, a Fail state or the runner itself).

    Raise it from a callable mock to make the integration fail: `StatesError("MyError", "why")`.
    """

    def __init__(self, error: str, cause: str | None = None) -> None:
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause

    def error_output(self) -> dict[str, Any]:
        """The `{"Error", "Cause"}` object a Catch hands on (Cause omitted when there is none).

        A failure without an error name (SendTaskFailure with neither error nor cause) hands on
        `{"Error": null, "Cause": null}` (recorded on AWS: test_callback
        test_sqs_failure_in_wait_for_task_tok_no_error_field).
        """
        if not self.error:
            return {"Error": None, "Cause": self.cause}
        output: dict[str, Any] = {"Error": self.error}
        if self.cause is not None:
            output["Cause"] = self.cause
        elif self.error == STATES_TIMEOUT:
            # Recorded on AWS: a caught timeout without cause hands on `"Cause": ""`
            # (test_task_service_lambda test_invoke_timeout).
            output["Cause"] = ""
        return output


class HeartbeatTimeout(StatesError):
    """A worker stopped sending heartbeats. AWS fails the task with States.Timeout (recorded:
    test_heartbeats), and a Retry or Catch naming States.HeartbeatTimeout matches it too.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
    (States.Timeout: "... or failed to send a heartbeat for a period longer than the
    HeartbeatSeconds value"; States.HeartbeatTimeout "is only available inside the Catch and
    Retry fields").
    """

    def __init__(self) -> None:
        super().__init__(STATES_TIMEOUT)


# The largest input or output of a task, state or execution: 256 KiB of UTF-8 text.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html
MAX_PAYLOAD_BYTES = 256 * 1024


def check_size(value: Any, task: str) -> None:
    """States.DataLimitExceeded, in AWS's words (recorded: test_states_errors), when `value`
    as JSON text is larger than the payload quota."""
    # A value that shares one long string many times is small in memory but not as text: a
    # bounded walk finds it too large before anything is written.
    too_large = json_size_exceeds(value, MAX_PAYLOAD_BYTES)
    if not too_large:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        too_large = len(text) * 4 > MAX_PAYLOAD_BYTES and len(text.encode()) > MAX_PAYLOAD_BYTES
    if too_large:
        raise StatesError(
            STATES_DATA_LIMIT_EXCEEDED,
            f"The state/task '{task}' returned a result with a size exceeding the maximum "
            "number of bytes service limit.",
        )


class RuntimeFailure(StatesError):
    """`States.Runtime`: a data-flow failure that no Retry or Catch can handle.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
    (States.ALL "can't catch the States.DataLimitExceeded terminal error type and runtime error
    types").
    """

    def __init__(self, cause: str) -> None:
        super().__init__(STATES_RUNTIME, cause)
        self.located = False


class MockError(UsageError):
    """A test set-up mistake: a missing mock, a mock for an unknown state, a malformed mock."""


class DefinitionError(UsageError):
    """The definition cannot be executed at all (no StartAt, a Next to nowhere, unknown Type)."""
