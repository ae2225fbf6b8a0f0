"""Port of aws-samples' explicit-failure-with-parallel-states (see originals/PROVENANCE.json).

The original's `handle failure` adds the error to the branch's input (`ResultPath`); this port
returns `{"error": ...}`, the same for the sample's input `{}` (merging needs issue 13 part A).
Its no-op `Aggregrate Results` Pass has no counterpart.
"""

from flowdsl import Fail, Function, States, parallel, workflow

get_success = Function("getSuccess")
get_quick_fail = Function("getQuickFail")


@workflow(name="ExplicitFailureWithParallelStates", query_language="JSONPath")
def explicit_failure(event):
    def succeed():
        return get_success(event)  # state: success state

    def fail_quickly():
        try:
            return get_quick_fail(event)  # state: quick fail
        except States.ALL as failure:
            return {"error": failure}  # state: handle failure

    results = parallel(succeed, fail_quickly)  # state: Parallel
    if (
        results[0]["error"] is not None or results[1]["error"] is not None
    ):  # state: Evaluate Results
        raise Fail(results[1]["error"]["Error"], results[1]["error"]["Cause"])  # state: Fail
    return results  # state: Success
