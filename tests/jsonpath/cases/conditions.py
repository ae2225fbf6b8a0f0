from flowdsl import Fail, Function, timestamp, wait, workflow

grade = Function("grade")


@workflow(query_language="JSONPath")
def conditions(order: dict):
    score = grade(order)
    name = str(order["name"])
    tags = order["tags"]
    if score["value"] > 90 and not score["flagged"]:  # state: Top
        label = "A"
    elif 50 <= score["value"] or score["name"] == score["alias"]:  # noqa: SIM300
        label = "B"
    elif order["override"] is not None and order["level"] != 3:
        label = order["override"]
    elif timestamp(order["placed"]) < timestamp("2026-01-01T00:00:00Z"):
        label = "legacy"
    elif "vip" in name or name.startswith("x*") or order["kind"] in ["gold", "silver"]:
        label = "special"
    elif order["flag"] == True or order["ratio"] >= score["ratio"]:  # noqa: E712
        label = "flagged"
    elif order["notes"]:
        label = "noted"
    elif score["value"] is None:
        label = "unscored"
    else:
        raise Fail("Ungraded", "no rule matched")
    while order["status"] != "DONE":
        wait(seconds=1)
        order = grade(order)
    return {"label": label, "score": score, "tags": tags}
