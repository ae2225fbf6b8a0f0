from flowdsl import context, workflow


@workflow(query_language="JSONPath")
def values(order: dict):
    name = str(order["name"])
    count = len(order["lines"])
    greeting = f"Hello {name}, you have {count} items {{braces}} 'quoted' \\ done"
    full = name + "!"
    more = count + 2
    fewer = count - 1
    total = count + len(order["extras"])
    first = order["lines"][0]
    last = order["lines"][-1]
    pick = order["lines"][count - 2]
    odd = order["odd key"]
    label = str(order["price"])
    parts = name.split()
    pair = [name, count, "fixed", None, True]
    has = name in pair
    nested = {"who": {"name": name, "n": 1}, "list": [1, 2], "items": [{"k": name, "v": [count]}]}
    return {
        "greeting": greeting,
        "full": full,
        "more": more,
        "fewer": fewer,
        "total": total,
        "first": first,
        "last": last,
        "pick": pick,
        "odd": odd,
        "label": label,
        "parts": parts,
        "pair": pair,
        "has": has,
        "nested": nested,
        "execution": context.execution_name,
    }
