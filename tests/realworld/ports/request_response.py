"""Port of aws-samples' request-response workflow (see originals/PROVENANCE.json)."""

from flowdsl import Topic, wait, workflow

topic = Topic("Notifications")


@workflow(name="RequestResponse", query_language="JSONPath")
def request_response(event):
    wait(seconds=event["timer_seconds"])  # state: Wait for timestamp
    return topic.publish(  # state: Send message to SNS
        Message={"Input": "Hello from Step Functions!"},
    )
