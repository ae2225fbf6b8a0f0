"""Amazon ECS / Fargate: `ecs:runTask`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
(request-response, .sync, .waitForTaskToken).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, PassRole, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html"

RUN_TASK = Integration(
    resource="ecs:runTask",
    service="ecs",
    operation="RunTask",
    patterns=frozenset({"request-response", "sync", "waitForTaskToken"}),
    docs=_DOCS,
    # IAM: ecs:RunTask on the task definition revision; .sync adds StopTask and DescribeTasks
    # (the docs grant `*`: "the value for TaskId is not known until the task is submitted"; both
    # take the `task` resource type, so `task/*` of this account and region) and the managed rule.
    # The page's note: the task role and execution role the task uses need iam:PassRole; roles
    # given as overrides are passed here, the task definition's own ones must be declared.
    iam=IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("ecs:RunTask",), (From("TaskDefinition", "ecs-task-definition"),)),
            Grant(("ecs:DescribeTasks", "ecs:StopTask"), (arn("ecs", "task/*"),), patterns=SYNC),
        ),
        sync_rule="StepFunctionsGetEventsForECSTaskRule",
        pass_roles=(
            PassRole("Overrides.TaskRoleArn", "ecs-tasks.amazonaws.com"),
            PassRole("Overrides.ExecutionRoleArn", "ecs-tasks.amazonaws.com"),
        ),
        notes=(
            "RunTask passes the task definition's task role and execution role: declare their "
            "role ARNs for this state to get iam:PassRole on them",
        ),
    ),
)

RECORDS = (RUN_TASK,)
