"""AWS Batch: `batch:submitJob`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html
(request-response, .sync).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html"

SUBMIT_JOB = Integration(
    resource="batch:submitJob",
    service="batch",
    operation="SubmitJob",
    patterns=frozenset({"request-response", "sync"}),
    docs=_DOCS,
    # IAM: the docs' template grants SubmitJob on `*` and tips to restrict it by job queue and job
    # definition; flowdsl does, with the job itself (`job/*`, unknown until submitted), which the
    # Service Authorization Reference lists as SubmitJob's resource types:
    # https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsbatch.html
    # .sync adds DescribeJobs (no resource type: `*`), TerminateJob on jobs, and the managed rule.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("batch:SubmitJob",),
                (
                    From("JobQueue", "batch-job-queue"),
                    From("JobDefinition", "batch-job-definition"),
                    arn("batch", "job/*"),
                ),
            ),
            Grant(("batch:DescribeJobs",), ("*",), patterns=SYNC),
            Grant(("batch:TerminateJob",), (arn("batch", "job/*"),), patterns=SYNC),
        ),
        sync_rule="StepFunctionsGetEventsForBatchJobsRule",
    ),
)

RECORDS = (SUBMIT_JOB,)
