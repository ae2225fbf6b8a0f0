"""AWS Step Functions (nested workflows): `states:startExecution`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html
(request-response, .sync (output as a JSON string), .sync:2 (output as JSON), .waitForTaskToken).
"""

from flowdsl.integrations.model import Integration

START_EXECUTION = Integration(
    resource="states:startExecution",
    service="stepfunctions",
    operation="StartExecution",
    patterns=frozenset({"request-response", "sync", "sync:2", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-stepfunctions.html",
    target_parameter="StateMachineArn",
)

RECORDS = (START_EXECUTION,)
