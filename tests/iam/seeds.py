"""JSONata definitions equivalent to the four seed workflows (../shared/design/FLOWS.md), written
with flowdsl's DefinitionSubstitutions convention, and their substitutions."""

from __future__ import annotations

from typing import Any

from tests.seeds import BOOKSTORE_FUNCTIONS

_FN = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:"
_QUEUE = "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/"
_LAMBDA_RETRY = [
    {
        "ErrorEquals": [
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
        ],
        "IntervalSeconds": 2,
        "MaxAttempts": 6,
        "BackoffRate": 2,
    }
]


def _invoke(function: str, payload: str, **rest: Any) -> dict[str, Any]:
    return {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Arguments": {"FunctionName": "${" + function + "FunctionArn}", "Payload": payload},
        "Retry": _LAMBDA_RETRY,
        **rest,
    }


# 1. Seeds 000/001: a callback through the Orders queue.
INVENTORY = {
    "Comment": "An example of the Amazon States Language for starting a callback task.",
    "QueryLanguage": "JSONata",
    "StartAt": "Check Inventory",
    "States": {
        "Check Inventory": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Arguments": {
                "QueueUrl": "${OrdersQueueUrl}",
                "MessageBody": {
                    "MessageTitle": "Callback Task started by Step Functions",
                    "TaskToken": "{% $states.context.Task.Token %}",
                },
            },
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Notify Failure"}],
            "Next": "Notify Success",
        },
        "Notify Success": {
            "Type": "Pass",
            "Output": "Callback Task started by Step Functions succeeded",
            "End": True,
        },
        "Notify Failure": {
            "Type": "Pass",
            "Output": "Callback Task started by Step Functions failed",
            "End": True,
        },
    },
}
INVENTORY_SUBSTITUTIONS = {"OrdersQueueUrl": _QUEUE + "Orders"}

# 2. Seed 002: order fulfillment.
ORDER_FULFILLMENT = {
    "QueryLanguage": "JSONata",
    "StartAt": "Save Order",
    "States": {
        "Save Order": {
            "Type": "Task",
            "Resource": "arn:aws:states:::dynamodb:putItem",
            "Arguments": {
                "TableName": "${OrderTableTableName}",
                "Item": {"OrderId": {"S": "{% $states.input.OrderId %}"}},
            },
            "Next": "Verify CC and Price",
        },
        "Verify CC and Price": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {
                "FunctionName": "${VerifyCCAndPriceFunctionArn}",
                "Payload": "{% $states.input %}",
            },
            "Output": "{% $states.result.Payload %}",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Escalate Order"}],
            "Next": "Is Order Proper",
        },
        "Is Order Proper": {
            "Type": "Choice",
            "Choices": [
                {"Condition": "{% $states.input.StatusCode = 200 %}", "Next": "Send to Fulfillment"}
            ],
            "Default": "Escalate Order",
        },
        "Send to Fulfillment": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Arguments": {
                "QueueUrl": "${OrderFulfillmentQueueUrl}",
                "MessageBody": "{% $states.input %}",
            },
            "End": True,
        },
        "Escalate Order": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Arguments": {
                "QueueUrl": "${EscalationQueueUrl}",
                "MessageBody": "{% $states.input %}",
            },
            "End": True,
        },
    },
}
ORDER_FULFILLMENT_SUBSTITUTIONS = {
    "OrderTableTableName": "OrderTable",
    "VerifyCCAndPriceFunctionArn": _FN + "VerifyCCAndPrice",
    "OrderFulfillmentQueueUrl": _QUEUE + "OrderFulfillmentQueue",
    "EscalationQueueUrl": _QUEUE + "EscalationQueue",
}

# 3. Seed 003: the bookstore order flow, a Parallel of four branches.
BOOKSTORE = {
    "Comment": "An Order Flow example of the Amazon States Language using Lambda.",
    "QueryLanguage": "JSONata",
    "StartAt": "Order Handling",
    "States": {
        "Order Handling": {"Type": "Pass", "Next": "CheckInventory"},
        "CheckInventory": _invoke(
            "CheckInventory",
            "{% $states.input %}",
            Output="{% $states.result.Payload %}",
            Next="Choice",
        ),
        "Choice": {
            "Type": "Choice",
            "Choices": [{"Condition": "{% $states.input.ItemStock > 0 %}", "Next": "Parallel"}],
            "Default": "OrderPrint",
        },
        "OrderPrint": _invoke("OrderToPrint", "{% $states.input %}", Next="Parallel"),
        "Parallel": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "CheckFurtherDiscountEligibility",
                    "States": {
                        "CheckFurtherDiscountEligibility": _invoke(
                            "CheckFurtherDiscountEligibility",
                            "{% $states.input %}",
                            Next="GenerateDiscountCode",
                        ),
                        "GenerateDiscountCode": _invoke(
                            "GenerateDiscountCode", "{% $states.input %}", End=True
                        ),
                    },
                },
                {
                    "StartAt": "UpdateLoyaltyPoints",
                    "States": {
                        "UpdateLoyaltyPoints": _invoke(
                            "UpdateLoyaltyPoints", "{% $states.input %}", End=True
                        )
                    },
                },
                {
                    "StartAt": "PrepareOrder",
                    "States": {
                        "PrepareOrder": _invoke(
                            "PrepareOrder", "{% $states.input %}", Next="SendToShipment"
                        ),
                        "SendToShipment": _invoke(
                            "SendToShipment", "{% $states.input %}", End=True
                        ),
                    },
                },
                {
                    "StartAt": "UpdateRecoEngine",
                    "States": {
                        "UpdateRecoEngine": _invoke(
                            "UpdateRecoEngine", "{% $states.input %}", Next="Order Handled"
                        ),
                        "Order Handled": {"Type": "Pass", "End": True},
                    },
                },
            ],
            "End": True,
        },
    },
}
BOOKSTORE_SUBSTITUTIONS = {
    f"{name[:1].upper()}{name[1:]}FunctionArn": _FN + name for name in BOOKSTORE_FUNCTIONS
}

# 4. Seed 004: publish to SNS through a Lambda, then process both queues in parallel.
MESSAGING = {
    "QueryLanguage": "JSONata",
    "StartAt": "PublishMessages",
    "States": {
        "PublishMessages": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {
                "FunctionName": "${PublishMessagesFunctionArn}",
                "Payload": {"TopicArn": "${MessagesTopicArn}", "Messages": "{% $states.input %}"},
            },
            "Next": "ProcessMessages",
        },
        "ProcessMessages": {
            "Type": "Parallel",
            "Branches": [
                {
                    "StartAt": "ProcessNotifications",
                    "States": {
                        "ProcessNotifications": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Arguments": {
                                "FunctionName": "${ProcessMessagesFunctionArn}",
                                "Payload": {"QueueUrl": "${NotificationsQueueUrl}"},
                            },
                            "End": True,
                        }
                    },
                },
                {
                    "StartAt": "ProcessAlerts",
                    "States": {
                        "ProcessAlerts": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Arguments": {
                                "FunctionName": "${ProcessMessagesFunctionArn}",
                                "Payload": {"QueueUrl": "${AlertsQueueUrl}"},
                            },
                            "End": True,
                        }
                    },
                },
            ],
            "End": True,
        },
    },
}
MESSAGING_SUBSTITUTIONS = {
    "PublishMessagesFunctionArn": _FN + "PublishMessagesFunction",
    "ProcessMessagesFunctionArn": _FN + "ProcessMessagesFunction",
    "MessagesTopicArn": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:Messages",
    "NotificationsQueueUrl": _QUEUE + "NotificationsQueue",
    "AlertsQueueUrl": _QUEUE + "AlertsQueue",
}

SEEDS: dict[str, tuple[dict[str, Any], dict[str, str]]] = {
    "InventoryStateMachine": (INVENTORY, INVENTORY_SUBSTITUTIONS),
    "OrderFulfillmentStateMachine": (ORDER_FULFILLMENT, ORDER_FULFILLMENT_SUBSTITUTIONS),
    "BookstoreOrderFlow": (BOOKSTORE, BOOKSTORE_SUBSTITUTIONS),
    "MessagingStateMachine": (MESSAGING, MESSAGING_SUBSTITUTIONS),
}
