"""What users import to write workflows. Everything here is inert at run time."""

from flowdsl.dsl.aws import aws
from flowdsl.dsl.context import context
from flowdsl.dsl.control import Fail, Retry, integration, parallel, timestamp, wait
from flowdsl.dsl.errors import Lambda, States, WorkflowError, error
from flowdsl.dsl.literal import asl_state, asl_states
from flowdsl.dsl.maps import (
    distributed_map,
    map_over,
    s3_csv,
    s3_json,
    s3_objects,
    s3_results,
)
from flowdsl.dsl.resources import Activity, EventBus, Function, Queue, StateMachine, Table, Topic
from flowdsl.dsl.workflow import Workflow, workflow

__all__ = [
    "Activity",
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
    "asl_state",
    "asl_states",
    "aws",
    "context",
    "distributed_map",
    "error",
    "integration",
    "map_over",
    "parallel",
    "s3_csv",
    "s3_json",
    "s3_objects",
    "s3_results",
    "timestamp",
    "wait",
    "workflow",
]
