"""Port of aws-samples' synchronous-api workflow (see originals/PROVENANCE.json)."""

from flowdsl import Function, parallel, workflow

sum_function = Function("sum")
avg_function = Function("avg")
max_min_function = Function("maxMin")


@workflow(name="SynchronousApi", query_language="JSONPath")
def synchronous_api(numbers):
    def total():
        result = sum_function(numbers)  # state: sumFunction
        return {"sum": result["sum"]}

    def average():
        result = avg_function(numbers)  # state: AvgFunction
        return {"avg": result["avg"]}

    def extremes():
        result = max_min_function(numbers)  # state: MaxMinFunction
        return {"min": result["min"], "max": result["max"]}

    return parallel(total, average, extremes)  # state: ParallelState
