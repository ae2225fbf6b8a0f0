"""The execution's context object (`$states.context` / `$$`), readable in workflow bodies."""

from __future__ import annotations


class _Context:
    """Attributes map onto context-object paths; see CONTEXT_PATHS."""

    execution_id: str
    execution_name: str
    execution_input: object
    execution: dict[str, object]
    execution_role_arn: str
    redrive_count: int
    start_time: str
    state_machine_id: str
    state_machine_name: str
    state_name: str
    entered_time: str
    task_token: str
    retry_count: int
    map_index: int


# Attribute -> path inside the context object.
# Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
CONTEXT_PATHS: dict[str, tuple[str, ...]] = {
    "execution_id": ("Execution", "Id"),
    "execution_name": ("Execution", "Name"),
    "execution_input": ("Execution", "Input"),
    "execution": ("Execution",),
    "execution_role_arn": ("Execution", "RoleArn"),
    "redrive_count": ("Execution", "RedriveCount"),
    "start_time": ("Execution", "StartTime"),
    "state_machine_id": ("StateMachine", "Id"),
    "state_machine_name": ("StateMachine", "Name"),
    "state_name": ("State", "Name"),
    "entered_time": ("State", "EnteredTime"),
    "retry_count": ("State", "RetryCount"),
    "task_token": ("Task", "Token"),
    "map_index": ("Map", "Item", "Index"),
}

context = _Context()
