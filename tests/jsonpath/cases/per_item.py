from flowdsl import Function, States, workflow

check = Function("check")
fix = Function("fix")


@workflow(query_language="JSONPath")
def per_item(order: dict):
    def process(line, discount):
        if line["qty"] > 0:
            try:
                return check(line)  # state: Check
            except States.ALL:
                return {"error": line["sku"], "discount": discount}
        fixed = fix(line)  # state: Fix
        return {"fixed": fixed}

    return [process(line, order["discount"]) for line in order["lines"]]
