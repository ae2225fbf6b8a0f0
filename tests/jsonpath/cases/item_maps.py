from flowdsl import Function, distributed_map, workflow

score = Function("score")


@workflow(query_language="JSONPath")
def item_maps(order: dict):
    def process(line):
        return score(line)

    order["scores"] = [process(x) for x in order["lines"]]
    order["batches"] = [
        process(batch) for batch in distributed_map(order["lines"], batch_size=2, label="Batches")
    ]
    return order
