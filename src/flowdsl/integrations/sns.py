"""Amazon SNS: `sns:publish`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
(request-response and .waitForTaskToken).
"""

from flowdsl.integrations.model import Integration

PUBLISH = Integration(
    resource="sns:publish",
    service="sns",
    operation="Publish",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html",
    target_parameter="TopicArn",
)

RECORDS = (PUBLISH,)
