from flowdsl import Fail, Function, timestamp, workflow

grade = Function("grade")


@workflow
def choice(order):
    score = grade(order)
    if score["value"] > 90 and not score["flagged"]:  # state: Top
        label = "A"
    elif score["value"] >= 50 or score["name"] == "bonus":
        label = "B"
    elif "override" in order and order["override"] is not None:
        label = order["override"]
    elif timestamp(order["placed"]) < timestamp("2026-01-01T00:00:00Z"):
        label = "legacy"
    elif order["tags"]:
        label = "tagged"
    else:
        raise Fail("Ungraded", "no rule matched")
    return {"label": label, "score": score}
