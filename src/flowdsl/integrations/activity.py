"""Activities: a Task whose Resource is the activity's own ARN, answered by workers that poll.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html
Not an `arn:aws:states:::` integration, so it is not in the registry; Express workflows cannot
use activities (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html).
"""

from flowdsl.integrations.model import Integration

ACTIVITY = Integration(
    resource="activity",
    service="states",
    operation=None,
    patterns=frozenset({"request-response"}),
    docs="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html",
)
