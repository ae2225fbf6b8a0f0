"""Port of aws-samples' chain-of-responsibility ATM dispenser (see originals/PROVENANCE.json).

The original calls each handler by its plain ARN; the port uses `lambda:invoke` (the function's
return value is the same), with the same retry of each handler's `States.TaskFailedId`.
"""

from flowdsl import Function, Retry, error, workflow

RETRY = Retry(error("States.TaskFailedId"), interval_seconds=2, max_attempts=3, backoff_rate=2)
handler1 = Function("Handler1")
handler2 = Function("Handler2")
handler3 = Function("Handler3")
handler4 = Function("Handler4")


@workflow(name="AtmDispenser", query_language="JSONPath")
def atm_dispenser(request):
    after_50 = handler1(request, retry=RETRY)  # state: Dispense50
    after_20 = handler2(after_50, retry=RETRY)  # state: Dispense20
    after_10 = handler3(after_20, retry=RETRY)  # state: Dispense10
    return handler4(after_10, retry=RETRY)  # state: Dispense1
