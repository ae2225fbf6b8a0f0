from flowdsl import Function, wait, workflow

echo = Function("echo")


@workflow(query_language="JSONPath")
def loop(job: dict):
    pause = job["pause"]
    wait(seconds=pause)
    echoed = [echo({"n": n, "pause": pause}) for n in job["numbers"]]
    for i, n in enumerate(job["numbers"]):
        echo({"i": i, "n": n})
    return {"echoed": echoed, "count": len(echoed)}
