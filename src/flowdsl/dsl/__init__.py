"""What users import to write workflows. Everything here is inert at run time."""

from flowdsl.dsl.aws import aws
from flowdsl.dsl.context import context
from flowdsl.dsl.control import Fail, Retry, map_over, parallel, timestamp, wait
from flowdsl.dsl.errors import Lambda, States, WorkflowError, error
from flowdsl.dsl.resources import EventBus, Function, Queue, StateMachine, Table, Topic
from flowdsl.dsl.workflow import Workflow, workflow

__all__ = [
    "EventBus",
    "Fail",
    "Function",
    "Lambda",
    "Queue",
    "Retry",
    "StateMachine",
    "States",
    "Table",
    "Topic",
    "Workflow",
    "WorkflowError",
    "aws",
    "context",
    "error",
    "map_over",
    "parallel",
    "timestamp",
    "wait",
    "workflow",
]
