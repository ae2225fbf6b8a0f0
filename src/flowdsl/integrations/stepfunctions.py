"""AWS Step Functions (nested workflows): `states:startExecution`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
(request-response, .sync (output as a JSON string), .sync:2 (output as JSON), .waitForTaskToken).
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts
from flowdsl.integrations.model import Integration

START_EXECUTION = Integration(
    resource="states:startExecution",
    service="stepfunctions",
    operation="StartExecution",
    patterns=frozenset({"request-response", "sync", "sync:2", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html",
    target_parameter="StateMachineArn",
    # IAM: StartExecution on the state machine; .sync and .sync:2 also DescribeExecution and
    # StopExecution on its *executions* (`execution:<name>:*`; the docs warn that the two ARNs
    # differ) and the managed rule below (connect-stepfunctions.html).
    iam=IamFacts(
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html",
        grants=(
            Grant(("states:StartExecution",), (From("StateMachineArn", "states-state-machine"),)),
            Grant(
                ("states:DescribeExecution", "states:StopExecution"),
                (From("StateMachineArn", "states-execution"),),
                patterns=SYNC,
            ),
        ),
        sync_rule="StepFunctionsGetEventsForStepFunctionsExecutionRule",
    ),
)

RECORDS = (START_EXECUTION,)
