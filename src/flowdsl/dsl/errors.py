"""Error names a workflow catches, retries and raises, as Python exception classes.

`except States.Timeout:` reads like the ASL it becomes (`"ErrorEquals": ["States.Timeout"]`).
Predefined names: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
"""

from __future__ import annotations

from typing import Any, ClassVar

from flowdsl.dsl._inert import compiled_only


class WorkflowError(Exception):
    """Base of every error class a workflow names; `error_name` is the ASL error string."""

    error_name: ClassVar[str] = "States.ALL"

    def __getitem__(self, field: str) -> Any:
        """`except States.ALL as e: e["Cause"]` reads the error output (`Error`, `Cause`); typed
        so type checkers accept it, compiled like any other read of a value."""
        compiled_only("Reading a caught error")


def error(name: str) -> type[WorkflowError]:
    """A new error class for a custom error name: `OutOfStock = error("OutOfStock")`."""
    if not name or not isinstance(name, str):
        raise ValueError("an error name is a non-empty string")
    return type(name.replace(".", "_"), (WorkflowError,), {"error_name": name})


class States:
    """The `States.*` error names Step Functions defines."""

    ALL = error("States.ALL")
    DataLimitExceeded = error("States.DataLimitExceeded")
    ExceedToleratedFailureThreshold = error("States.ExceedToleratedFailureThreshold")
    HeartbeatTimeout = error("States.HeartbeatTimeout")
    Http_Socket = error("States.Http.Socket")
    IntrinsicFailure = error("States.IntrinsicFailure")
    ItemReaderFailed = error("States.ItemReaderFailed")
    NoChoiceMatched = error("States.NoChoiceMatched")
    ParameterPathFailure = error("States.ParameterPathFailure")
    Permissions = error("States.Permissions")
    QueryEvaluationError = error("States.QueryEvaluationError")
    ResultPathMatchFailure = error("States.ResultPathMatchFailure")
    ResultWriterFailed = error("States.ResultWriterFailed")
    Runtime = error("States.Runtime")
    TaskFailed = error("States.TaskFailed")
    Timeout = error("States.Timeout")


class Lambda:
    """Errors of the Lambda integration that are worth retrying.

    Source: https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
    """

    ServiceException = error("Lambda.ServiceException")
    AWSLambdaException = error("Lambda.AWSLambdaException")
    SdkClientException = error("Lambda.SdkClientException")
    TooManyRequestsException = error("Lambda.TooManyRequestsException")
    ClientExecutionTimeoutException = error("Lambda.ClientExecutionTimeoutException")
    Unknown = error("Lambda.Unknown")
