import json

from flowdsl import Function, workflow

enrich = Function("enrich")


@workflow
def merges(event: dict):
    event["status"] = "new"
    event["meta"]["seen"] = True
    event["enriched"] = enrich(event)  # state: Enrich
    event.update({"a": 1})
    event.update(b=2)
    event["count"] += 1
    items = list(event["items"])
    items.append([9, 9])
    items.extend(event["more"])
    items.append(enrich(items))  # state: Enrich Items
    items[0] = "first"
    items[-1] = {"last": True}
    del items[1]
    del event["drop"]
    merged = {**event, "x": event["status"], **{"y": 1}}
    both = event | {"z": 3}
    text = json.dumps({"k": event["status"], "n": [1, 2]})
    parsed = json.loads(text)
    kinds = [
        isinstance(event["status"], str),
        isinstance(event["count"], int),
        isinstance(1.5, int),
        isinstance(1.5, float),
        isinstance(items, (list, dict)),
        isinstance(event["missing"], type(None)),
        event["meta"] is None,
    ]
    return {
        "event": event,
        "items": items,
        "merged": merged,
        "both": both,
        "text": text,
        "parsed": parsed,
        "kinds": kinds,
    }
