from flowdsl import workflow


@workflow(query_language="JSONPath")
def keys(order: dict):
    if "NextToken" in order["page"]:  # state: More?
        label = "more"
    elif "last" not in order["page"]:
        label = "text without 'last'"
    elif order["items"]:  # state: Any items?
        label = "items"
    elif isinstance(order["note"], str) and "urg*" in order["note"]:  # state: Urgent?
        label = "urgent"
    else:
        label = "done"
    return {"label": label}
