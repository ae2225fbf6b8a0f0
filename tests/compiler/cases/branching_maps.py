from flowdsl import Function, States, workflow

check = Function("check")
fix = Function("fix")


@workflow
def branching_maps(order: dict):
    def process(line, discount):
        if line["qty"] > 0:
            try:
                return check(line)  # state: Check
            except States.ALL:
                return {"error": line["sku"], "discount": discount}
        fixed = fix(line)  # state: Fix
        return {"fixed": fixed}

    processed = [process(line, order["discount"]) for line in order["lines"]]
    results = ["start"]
    skipped = []
    for i, line in enumerate(order["lines"]):
        if line["qty"] > 0:
            checked = check(line)  # state: Check Again
            results.append(checked)
            results.append([i])
        else:
            skipped.extend([line["sku"]])
    return {"processed": processed, "results": results, "skipped": skipped}
