"""AWS Glue DataBrew: `databrew:startJobRun`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-databrew.html
(request-response, .sync).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-databrew.html"
_JOB = From("Name", "databrew-job", dynamic=arn("databrew", "job/*"))

START_JOB_RUN = Integration(
    resource="databrew:startJobRun",
    service="databrew",
    operation="StartJobRun",
    patterns=frozenset({"request-response", "sync"}),
    docs=_DOCS,
    # IAM: the docs grant startJobRun (and for .sync listJobRuns, stopJobRun) on `job/*`; a job
    # named in the definition narrows that to `job/<name>`.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("databrew:StartJobRun",), (_JOB,)),
            Grant(("databrew:ListJobRuns", "databrew:StopJobRun"), (_JOB,), SYNC),
        ),
    ),
)

RECORDS = (START_JOB_RUN,)
