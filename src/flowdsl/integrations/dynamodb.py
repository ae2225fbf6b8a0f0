"""Amazon DynamoDB: `dynamodb:getItem|putItem|updateItem|deleteItem`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html
(request-response only: no .sync, no .waitForTaskToken).
"""

from flowdsl.iam.facts import From, Grant, IamFacts
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ddb.html"


def _item_action(action: str, operation: str) -> Integration:
    return Integration(
        resource=f"dynamodb:{action}",
        service="dynamodb",
        operation=operation,
        patterns=frozenset({"request-response"}),
        docs=_DOCS,
        target_parameter="TableName",
        # IAM: the docs' template grants all four item actions whatever the task does; flowdsl
        # grants only the operation's own action on the table, as CDK's DynamoPutItem & co do.
        iam=IamFacts(
            docs=_DOCS,
            grants=(Grant((f"dynamodb:{operation}",), (From("TableName", "dynamodb-table"),)),),
        ),
    )


GET_ITEM = _item_action("getItem", "GetItem")
PUT_ITEM = _item_action("putItem", "PutItem")
UPDATE_ITEM = _item_action("updateItem", "UpdateItem")
DELETE_ITEM = _item_action("deleteItem", "DeleteItem")

RECORDS = (GET_ITEM, PUT_ITEM, UPDATE_ITEM, DELETE_ITEM)
