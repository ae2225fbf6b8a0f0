import json

from flowdsl import Function, workflow

enrich = Function("enrich")


@workflow(query_language="JSONPath")
def changes(event: dict):
    event["status"] = "new"
    event["meta"]["seen"] = True
    event["enriched"] = enrich(event)  # state: Enrich
    event.update({"a": 1})
    event.update(b=event["status"])
    merged = {**event, "x": event["status"], **{"y": 1}}
    both = event | {"z": 3}
    text = json.dumps({"k": event["status"], "n": [1, 2]})
    parsed = json.loads(text)
    kind = "other"
    if isinstance(event["value"], str):
        kind = "str"
    elif isinstance(event["value"], (int, float)) or event["value"] is None:
        kind = "number or None"
    elif not isinstance(event["value"], bool):
        kind = "not bool"
    return {
        "event": event,
        "merged": merged,
        "both": both,
        "text": text,
        "parsed": parsed,
        "kind": kind,
    }
