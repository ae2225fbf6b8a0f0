"""AWS Glue: `glue:startJobRun`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html
(request-response, .sync).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-glue.html"
_JOB = From("JobName", "glue-job", dynamic=arn("glue", "job/*"))

START_JOB_RUN = Integration(
    resource="glue:startJobRun",
    service="glue",
    operation="StartJobRun",
    patterns=frozenset({"request-response", "sync"}),
    docs=_DOCS,
    # IAM: StartJobRun; .sync polls with GetJobRun/GetJobRuns and cancels with BatchStopJobRun.
    # No events rule. The docs grant these on `*` ("AWS Glue does not have resource-based
    # control"), which is out of date: the actions take the `job` resource type, so flowdsl
    # scopes them to the job, as CDK's GlueStartJobRun does.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("glue:StartJobRun",), (_JOB,)),
            Grant(("glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns"), (_JOB,), SYNC),
        ),
    ),
)

RECORDS = (START_JOB_RUN,)
