from flowdsl import context, workflow


@workflow(query_language="JSONPath")
def context_values(order: dict):
    execution = context.execution
    return {
        "role": context.execution_role_arn,
        "redrives": context.redrive_count,
        "name": execution["Name"],
        "input": {**context.execution_input, "seen": True},
    }
