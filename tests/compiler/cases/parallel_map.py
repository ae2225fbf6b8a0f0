from flowdsl import Function, map_over, parallel, workflow

price = Function("price")
ship = Function("ship")
audit = Function("audit")


@workflow
def parallel_map(order):
    def pricing():
        return [price(item) for item in order["items"]]

    def shipping():
        for i, item in enumerate(map_over(order["items"], max_concurrency=2)):
            ship({"index": i, "item": item})
        return "shipped"

    def checks():
        audit(order)

    prices, shipped, _ = parallel(pricing, shipping, checks)
    doubled = [p * 2 for p in prices if p > 0]
    return {"prices": doubled, "shipped": shipped}
