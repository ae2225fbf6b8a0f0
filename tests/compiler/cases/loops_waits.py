from flowdsl import Function, wait, workflow

poll = Function("poll")


@workflow
def loops_waits(job):
    wait(seconds=5)
    status = poll(job)
    attempts = 0
    while status["state"] != "DONE":  # state: Still Running
        attempts += 1
        if attempts > 10:
            break
        if status["state"] == "PAUSED":
            wait(until=status["resumeAt"])
            continue
        wait(seconds=job["interval"])
        status = poll(job)
    wait(until="2030-01-01T00:00:00Z")
    return {"attempts": attempts, "status": status}
