"""Port of aws-samples' meeting-summarization release-lock workflow (see
originals/PROVENANCE.json): type tests on the input (`IsPresent` and `IsString` rules), then a
conditional DynamoDB update whose condition failing is no error; the output is the input."""

from flowdsl import Fail, Retry, States, Table, error, workflow

semaphore = Table("Semaphore")
LOCK_NOT_HELD = error("DynamoDB.ConditionalCheckFailedException")


@workflow(name="ReleaseLock", query_language="JSONPath")
def release_lock(event: dict):
    if (  # state: Confirm Input
        "lock_name" in event
        and isinstance(event["lock_name"], str)
        and "lock_entry" in event
        and isinstance(event["lock_entry"], str)
    ):
        try:  # noqa: SIM105 - workflows catch with try/except (no `with` in a workflow)
            semaphore.update_item(  # state: Release Lock
                Key={"LockName": {"S": event["lock_name"]}},
                ExpressionAttributeNames={
                    "#currentlockcount": "currentlockcount",
                    "#lockownerid": event["lock_entry"],
                },
                ExpressionAttributeValues={":decrease": {"N": "1"}},
                UpdateExpression=(
                    "SET #currentlockcount = #currentlockcount - :decrease REMOVE #lockownerid"
                ),
                ConditionExpression="attribute_exists(#lockownerid)",
                ReturnValues="UPDATED_NEW",
                retry=[
                    Retry(LOCK_NOT_HELD, max_attempts=0),
                    Retry(States.ALL, max_attempts=5, backoff_rate=1.5),
                ],
            )
        except LOCK_NOT_HELD:
            pass
        return event
    raise Fail("InsufficientInput")
