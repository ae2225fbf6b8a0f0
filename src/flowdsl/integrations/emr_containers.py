"""Amazon EMR on EKS: `emr-containers:startJobRun`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr-eks.html and its IAM
page https://docs.aws.amazon.com/step-functions/latest/dg/emr-eks-iam.html (request-response and
.sync).
"""

from flowdsl.iam.facts import SYNC, Condition, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/emr-eks-iam.html"
_ANY_CLUSTER = arn("emr-containers", "/virtualclusters/*")

START_JOB_RUN = Integration(
    resource="emr-containers:startJobRun",
    service="emr-containers",
    operation="StartJobRun",
    patterns=frozenset({"request-response", "sync"}),
    docs=_DOCS,
    # IAM: StartJobRun on the virtual cluster, conditioned on the job's execution role
    # (emr-containers:ExecutionRoleArn); .sync describes and cancels the cluster's job runs.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("emr-containers:StartJobRun",),
                (From("VirtualClusterId", "emr-containers-virtual-cluster", _ANY_CLUSTER),),
                conditions=(
                    # An ARN-typed condition key: ArnEquals.
                    Condition(
                        "ArnEquals", "emr-containers:ExecutionRoleArn", path="ExecutionRoleArn"
                    ),
                ),
            ),
            Grant(
                ("emr-containers:CancelJobRun", "emr-containers:DescribeJobRun"),
                (
                    From(
                        "VirtualClusterId",
                        "emr-containers-job-runs",
                        arn("emr-containers", "/virtualclusters/*/jobruns/*"),
                    ),
                ),
                SYNC,
            ),
        ),
    ),
)

RECORDS = (START_JOB_RUN,)
