from flowdsl import Function, distributed_map, s3_csv, s3_objects, s3_results, workflow

resize = Function("resize")
score = Function("score")


@workflow
def distributed(job):
    size = job["size"]
    for obj in distributed_map(  # state: Resize Images
        s3_objects(bucket=job["bucket"], prefix="incoming/"),
        max_concurrency=100,
        tolerated_failure_percentage=5,
        label="Resize",
        execution_type="EXPRESS",
        results=s3_results(bucket="results-bucket", prefix="resized/"),
    ):
        resize({"key": obj["Key"], "size": size})
    scores = [
        score(batch)
        for batch in distributed_map(
            s3_csv(bucket="data", key="rows.csv"), batch_size=50, tolerated_failure_count=3
        )
    ]
    doubled = [
        score({"n": n, "i": i, "size": size}) for i, n in enumerate(distributed_map(job["numbers"]))
    ]
    return {"scores": scores, "doubled": doubled}
