"""Port of aws-samples' synchronous-job workflow (see originals/PROVENANCE.json)."""

from flowdsl import Retry, States, Topic, aws, workflow

topic = Topic("JobNotifications")


@workflow(name="SynchronousJob", query_language="JSONPath", timeout_seconds=3600)
def synchronous_job():
    try:
        aws.batch.submit_job(  # state: Submit Batch Job
            JobName="BatchJobNotification",
            JobQueue="${jobQueueArn}",
            JobDefinition="${jobDefinitionArn}",
            sync=True,
            retry=Retry(States.ALL, interval_seconds=30, max_attempts=2, backoff_rate=1.5),
        )
    except States.ALL:
        return topic.publish(  # state: Notify Failure
            Message="Batch job submitted through Step Functions failed"
        )
    return topic.publish(  # state: Notify Success
        Message="Batch job submitted through Step Functions succeeded"
    )
