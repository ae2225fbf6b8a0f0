from flowdsl import context, workflow

RATE = 0.2


@workflow
def expressions(order: dict):
    name: str = order["name"]
    total = sum([line["price"] * line["qty"] for line in order["lines"]])
    tax = round(total * RATE, 2)
    greeting = f"Hello {name.upper()}, you owe {total} plus {tax} tax"
    first, rest = order["lines"][0], order["lines"][1:]
    label = "big" if total > 100 else "small"
    count = len(order["lines"]) + int("3") - abs(-1)
    keys = order.get("extra", {})
    return {
        "greeting": greeting,
        "label": label,
        "count": count,
        "first": first,
        "rest": rest,
        "execution": context.execution_id,
        "started": context.start_time,
        "top": max(total, 10) // 3 % 2,
        "any": any([x["qty"] > 1 for x in order["lines"]]),
        "keys": keys,
    }
