"""Amazon EventBridge: `events:putEvents`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
(request-response and .waitForTaskToken). The event bus is named inside each entry, so a
declared bus fills `EventBusName` of every entry rather than a top-level parameter.
"""

from flowdsl.iam.facts import From, Grant, IamFacts
from flowdsl.integrations.model import Integration

PUT_EVENTS = Integration(
    resource="events:putEvents",
    service="events",
    operation="PutEvents",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html",
    # IAM: events:PutEvents on each entry's bus (the `default` bus when an entry names none);
    # `arn:aws:events:*:*:event-bus/*` when the bus is dynamic (connect-eventbridge.html). The bus
    # pushes to its targets, so a callback worker needs nothing from EventBridge to receive.
    iam=IamFacts(
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html",
        grants=(
            Grant(
                ("events:PutEvents",),
                (
                    From(
                        "Entries[].EventBusName",
                        "events-bus",
                        dynamic="arn:${AWS::Partition}:events:*:*:event-bus/*",
                        default="default",
                    ),
                ),
            ),
        ),
    ),
)

RECORDS = (PUT_EVENTS,)
