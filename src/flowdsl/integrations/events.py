"""Amazon EventBridge: `events:putEvents`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html
(request-response and .waitForTaskToken). The event bus is named inside each entry, so a
declared bus fills `EventBusName` of every entry rather than a top-level parameter.
"""

from flowdsl.integrations.model import Integration

PUT_EVENTS = Integration(
    resource="events:putEvents",
    service="events",
    operation="PutEvents",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-eventbridge.html",
)

RECORDS = (PUT_EVENTS,)
