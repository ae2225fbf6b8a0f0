"""The `@workflow` decorator: records a function and where it is; compiles nothing on import."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, overload

from flowdsl.dsl._inert import compiled_only

QueryLanguage = Literal["JSONata", "JSONPath"]
WorkflowType = Literal["STANDARD", "EXPRESS"]


@dataclass(frozen=True, eq=False)
class Workflow:
    """A decorated workflow function and its options. Calling it from Python is an error."""

    function: Callable[..., Any]
    name: str
    comment: str | None
    query_language: QueryLanguage
    type: WorkflowType
    timeout_seconds: int | None
    file: str
    line: int

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        compiled_only(f"Workflow {self.name!r}")

    def invoke(self, input: Any = None, /, **options: Any) -> Any:
        """Run this workflow as a child (`states:startExecution.sync:2`) whose value is the
        whole DescribeExecution result (ExecutionArn, Status, Output, StartDate, ...), not
        only the child's output."""
        compiled_only(f"Workflow {self.name!r}.invoke")


@overload
def workflow(function: Callable[..., Any], /) -> Workflow: ...


@overload
def workflow(
    *,
    name: str | None = None,
    comment: str | None = None,
    query_language: QueryLanguage = "JSONata",
    type: WorkflowType = "STANDARD",
    timeout_seconds: int | None = None,
) -> Callable[[Callable[..., Any]], Workflow]: ...


def workflow(
    function: Callable[..., Any] | None = None,
    /,
    *,
    name: str | None = None,
    comment: str | None = None,
    query_language: QueryLanguage = "JSONata",
    type: WorkflowType = "STANDARD",
    timeout_seconds: int | None = None,
) -> Workflow | Callable[[Callable[..., Any]], Workflow]:
    """Declare a workflow. Its body is read by the compiler, never run.

    `name` is the state machine name (default: the function name in PascalCase);
    `query_language` picks the ASL query language; `type` is STANDARD or EXPRESS.
    """

    def decorate(fn: Callable[..., Any]) -> Workflow:
        code = fn.__code__
        return Workflow(
            function=fn,
            name=name or "".join(part.capitalize() for part in fn.__name__.split("_")),
            comment=comment if comment is not None else inspect.getdoc(fn),
            query_language=query_language,
            type=type,
            timeout_seconds=timeout_seconds,
            file=code.co_filename,
            line=code.co_firstlineno,
        )

    return decorate(function) if function is not None else decorate
