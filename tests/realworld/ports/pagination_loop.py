"""Port of aws-samples' pagination-loop workflow (see originals/PROVENANCE.json).

The original keeps its input and adds the last page under `executions` (`ResultPath`); this
port returns `{"executions": page}`, the same for the sample's input `{}` (keeping unknown
input fields needs the merges of issue 13 part A).
"""

from flowdsl import aws, context, workflow


@workflow(name="PaginationLoop", query_language="JSONPath")
def pagination_loop():
    page = aws.stepfunctions.list_executions(  # state: ListExecutions
        StateMachineArn=context.state_machine_id, StatusFilter="SUCCEEDED"
    )
    while page["NextToken"] is not None:  # state: more results?
        page = aws.stepfunctions.list_executions(  # state: List Executions nextPage
            StateMachineArn=context.state_machine_id,
            StatusFilter="SUCCEEDED",
            NextToken=page["NextToken"],
        )
    return {"executions": page}  # state: Success
