"""Amazon SNS: `sns:publish`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html
(request-response and .waitForTaskToken).
"""

from flowdsl.iam.facts import From, Grant, IamFacts
from flowdsl.integrations.model import Integration

PUBLISH = Integration(
    resource="sns:publish",
    service="sns",
    operation="Publish",
    patterns=frozenset({"request-response", "waitForTaskToken"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html",
    target_parameter="TopicArn",
    # IAM: sns:Publish on the topic; publishing to TargetArn or PhoneNumber, or to a topic known
    # only at run time, is granted on `*` (connect-sns.html). SNS pushes to its subscribers, so a
    # callback worker needs nothing from SNS to receive the token.
    iam=IamFacts(
        docs="https://docs.aws.amazon.com/step-functions/latest/dg/connect-sns.html",
        grants=(
            Grant(
                ("sns:Publish",),
                (
                    From("TopicArn", "arn"),
                    From("TargetArn", "any"),
                    From("PhoneNumber", "any"),
                ),
            ),
        ),
    ),
)

RECORDS = (PUBLISH,)
