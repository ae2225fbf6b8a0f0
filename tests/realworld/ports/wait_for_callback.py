"""Port of aws-samples' wait-for-callback workflow (see originals/PROVENANCE.json)."""

from flowdsl import Queue, States, Topic, context, workflow

queue = Queue("Tasks")
topic = Topic("Results")


@workflow(name="WaitForCallback", query_language="JSONPath")
def wait_for_callback():
    try:
        queue.send_message(  # state: Start Task And Wait For Callback
            MessageBody={
                "MessageTitle": "Task started by Step Functions. Waiting for callback with task token.",
                "TaskToken": context.task_token,
            },
            callback=True,
        )
    except States.ALL:
        return topic.publish(
            Message="Task started by Step Functions failed."
        )  # state: Notify Failure
    return topic.publish(  # state: Notify Success
        Message="Callback received. Task started by Step Functions succeeded."
    )
