"""AWS CodeBuild: `codebuild:startBuild`, `stopBuild`, `batchDeleteBuilds`, `batchGetReports`,
`startBuildBatch`, `stopBuildBatch`, `retryBuildBatch`, `deleteBuildBatch`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-codebuild.html and its IAM
page https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html (startBuild,
startBuildBatch and retryBuildBatch: request-response and .sync; the rest request-response).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/codebuild-iam.html"
# The page's dynamic form: `arn:aws:codebuild:R:*:project/*`.
_PROJECTS = arn("codebuild", "project/*", account="*")
_PROJECT = From("ProjectName", "codebuild-project", _PROJECTS)
_BUILD = From("Id", "codebuild-build-project", _PROJECTS)
_RR = frozenset({"request-response"})
_RR_SYNC = frozenset({"request-response", "sync"})


def _record(
    action: str,
    operation: str,
    grants: tuple[Grant, ...],
    patterns: frozenset[str] = _RR,
    sync_rule: str | None = None,
) -> Integration:
    return Integration(
        resource=f"codebuild:{action}",
        service="codebuild",
        operation=operation,
        patterns=patterns,
        docs=_DOCS,
        iam=IamFacts(docs=_DOCS, grants=grants, sync_rule=sync_rule),
    )


START_BUILD = _record(
    "startBuild",
    "StartBuild",
    (
        Grant(("codebuild:StartBuild",), (_PROJECT,)),
        Grant(("codebuild:BatchGetBuilds", "codebuild:StopBuild"), (_PROJECT,), SYNC),
    ),
    _RR_SYNC,
    "StepFunctionsGetEventForCodeBuildStartBuildRule",
)
STOP_BUILD = _record("stopBuild", "StopBuild", (Grant(("codebuild:StopBuild",), (_BUILD,)),))
BATCH_DELETE_BUILDS = _record(
    "batchDeleteBuilds",
    "BatchDeleteBuilds",
    (
        Grant(
            ("codebuild:BatchDeleteBuilds",),
            (From("Ids[]", "codebuild-build-project", _PROJECTS),),
        ),
    ),
)
BATCH_GET_REPORTS = _record(
    "batchGetReports",
    "BatchGetReports",
    (
        Grant(
            ("codebuild:BatchGetReports",),
            (
                From(
                    "ReportArns[]",
                    "codebuild-report-group",
                    arn("codebuild", "report-group/*"),
                ),
            ),
        ),
    ),
)
START_BUILD_BATCH = _record(
    "startBuildBatch",
    "StartBuildBatch",
    (
        Grant(("codebuild:StartBuildBatch",), (_PROJECT,)),
        Grant(("codebuild:BatchGetBuildBatches", "codebuild:StopBuildBatch"), (_PROJECT,), SYNC),
    ),
    _RR_SYNC,
    "StepFunctionsGetEventForCodeBuildStartBuildBatchRule",
)
STOP_BUILD_BATCH = _record(
    "stopBuildBatch", "StopBuildBatch", (Grant(("codebuild:StopBuildBatch",), (_BUILD,)),)
)
RETRY_BUILD_BATCH = _record(
    "retryBuildBatch",
    "RetryBuildBatch",
    (
        Grant(("codebuild:RetryBuildBatch",), (_BUILD,)),
        Grant(("codebuild:BatchGetBuildBatches", "codebuild:StopBuildBatch"), (_BUILD,), SYNC),
    ),
    _RR_SYNC,
)
DELETE_BUILD_BATCH = _record(
    "deleteBuildBatch", "DeleteBuildBatch", (Grant(("codebuild:DeleteBuildBatch",), (_BUILD,)),)
)

RECORDS = (
    START_BUILD,
    STOP_BUILD,
    BATCH_DELETE_BUILDS,
    BATCH_GET_REPORTS,
    START_BUILD_BATCH,
    STOP_BUILD_BATCH,
    RETRY_BUILD_BATCH,
    DELETE_BUILD_BATCH,
)
