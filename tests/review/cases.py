"""ASL definitions the review tests draw: one per construct, awkward names, and the seeds' ASL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.seeds import SEEDS

REPO = Path(__file__).resolve().parents[2]

GENERATED = REPO / "generated"

RETRY_LAMBDA = {
    "ErrorEquals": ["Lambda.ServiceException", "Lambda.SdkClientException"],
    "IntervalSeconds": 2,
    "MaxAttempts": 6,
    "BackoffRate": 2,
}

CONSTRUCTS: dict[str, dict[str, Any]] = {
    "choice_jsonpath": {
        "StartAt": "Route",
        "States": {
            "Route": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.stock", "NumericGreaterThan": 0, "Next": "Ship"},
                    {
                        "And": [
                            {"Variable": "$.kind", "StringEquals": "ebook"},
                            {"Not": {"Variable": "$.email", "IsPresent": False}},
                        ],
                        "Next": "Send",
                    },
                    {
                        "Or": [
                            {"Variable": "$.due", "TimestampLessThanPath": "$.now"},
                            {"Variable": "$.name", "StringMatches": "test-*"},
                        ],
                        "Next": "Send",
                    },
                ],
                "Default": "Reject",
            },
            "Ship": {"Type": "Pass", "End": True},
            "Send": {"Type": "Pass", "End": True},
            "Reject": {"Type": "Fail", "Error": "NoStock", "Cause": "nothing to ship"},
        },
    },
    "choice_jsonata": {
        "QueryLanguage": "JSONata",
        "StartAt": "Route",
        "States": {
            "Route": {
                "Type": "Choice",
                "Choices": [
                    {"Condition": "{% ($states.input.total > 100) %}", "Next": "Big"},
                    {"Condition": "{% $states.input.kind = 'x' and $n < 3 %}", "Next": "Small"},
                ],
                "Default": "Small",
            },
            "Big": {"Type": "Succeed"},
            "Small": {"Type": "Succeed"},
        },
    },
    "catch": {
        "StartAt": "Check Inventory",
        "States": {
            "Check Inventory": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "Parameters": {
                    "QueueUrl": "${OrdersQueueUrl}",
                    "MessageBody": {"TaskToken.$": "$$.Task.Token"},
                },
                "TimeoutSeconds": 300,
                "Retry": [RETRY_LAMBDA, {"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1}],
                "Catch": [
                    {"ErrorEquals": ["States.Timeout"], "Next": "Timed Out"},
                    {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"},
                ],
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
            "Timed Out": {"Type": "Fail", "Error": "Timeout"},
            "Failed": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "$.error.Cause"},
        },
    },
    "parallel": {
        "StartAt": "Fan out",
        "States": {
            "Fan out": {
                "Type": "Parallel",
                "Branches": [
                    {
                        "StartAt": "Email",
                        "States": {
                            "Email": {
                                "Type": "Task",
                                "Resource": "arn:aws:states:::sns:publish",
                                "Parameters": {"TopicArn": "arn:aws:sns:eu-west-1:123456789012:t"},
                                "Next": "Log",
                            },
                            "Log": {"Type": "Pass", "End": True},
                        },
                    },
                    {
                        "StartAt": "Points",
                        "States": {
                            "Points": {
                                "Type": "Task",
                                "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:pts",
                                "End": True,
                            }
                        },
                    },
                ],
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Compensate"}],
                "Next": "Finish",
            },
            "Compensate": {"Type": "Pass", "Next": "Finish"},
            "Finish": {"Type": "Succeed"},
        },
    },
    "map": {
        "QueryLanguage": "JSONata",
        "StartAt": "Each order",
        "States": {
            "Each order": {
                "Type": "Map",
                "Items": "{% $states.input.orders %}",
                "MaxConcurrency": 5,
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "INLINE"},
                    "StartAt": "Save",
                    "States": {
                        "Save": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::dynamodb:putItem",
                            "Arguments": {
                                "TableName": "${OrderTableName}",
                                "Item": "{% $states.input %}",
                            },
                            "Next": "Valid?",
                        },
                        "Valid?": {
                            "Type": "Choice",
                            "Choices": [{"Condition": "{% $states.input.ok %}", "Next": "Saved"}],
                            "Default": "Bad item",
                        },
                        "Saved": {"Type": "Pass", "End": True},
                        "Bad item": {"Type": "Fail", "Error": "BadItem"},
                    },
                },
                "End": True,
            }
        },
    },
    "distributed_map": {
        "StartAt": "Resize",
        "States": {
            "Resize": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:listObjectsV2",
                    "Parameters": {"Bucket": "${ImagesBucket}"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "One",
                    "States": {
                        "One": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            "Parameters": {
                                "FunctionName": "${ResizeFunctionArn}",
                                "Payload.$": "$",
                            },
                            "End": True,
                        }
                    },
                },
                "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    "Parameters": {"Bucket": "${ResultsBucket}", "Prefix": "out"},
                },
                "End": True,
            }
        },
    },
    "loop": {
        "StartAt": "Start job",
        "States": {
            "Start job": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:glue:startJobRun",
                "Parameters": {"JobName": "nightly"},
                "Next": "Wait a bit",
            },
            "Wait a bit": {"Type": "Wait", "Seconds": 30, "Next": "Poll"},
            "Poll": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:glue:getJobRun",
                "Parameters": {"JobName": "nightly", "RunId.$": "$.JobRunId"},
                "Next": "Finished?",
            },
            "Finished?": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.JobRun.JobRunState", "StringEquals": "SUCCEEDED", "Next": "OK"},
                    {
                        "Variable": "$.JobRun.JobRunState",
                        "StringEquals": "FAILED",
                        "Next": "Job failed",
                    },
                ],
                "Default": "Wait a bit",
            },
            "OK": {"Type": "Succeed"},
            "Job failed": {"Type": "Fail", "Error": "JobFailed", "Cause": "the Glue job failed"},
        },
    },
    "wait": {
        "StartAt": "Fixed",
        "States": {
            "Fixed": {"Type": "Wait", "Seconds": 10, "Next": "From input"},
            "From input": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Until"},
            "Until": {"Type": "Wait", "Timestamp": "2030-01-01T00:00:00Z", "Next": "Until path"},
            "Until path": {"Type": "Wait", "TimestampPath": "$.when", "End": True},
        },
    },
    "fail_succeed": {
        "StartAt": "Decide",
        "States": {
            "Decide": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.ok", "BooleanEquals": True, "Next": "Yes"}],
                "Default": "No",
            },
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Fail", "Error": "Refused", "Cause": "the input said no"},
        },
    },
    # Names Mermaid would otherwise misread: quotes, brackets, pipes, `#`, markup, unicode,
    # keywords, and a transition to a state that does not exist.
    "awkward_names": {
        "StartAt": 'Say "hi" [now]',
        "States": {
            'Say "hi" [now]': {"Type": "Pass", "Next": "a|b #1 <b>x</b> & `y`"},
            "a|b #1 <b>x</b> & `y`": {"Type": "Pass", "Next": "Überprüfung ✓ 日本"},
            "Überprüfung ✓ 日本": {"Type": "Pass", "Next": "end"},
            "end": {"Type": "Pass", "Next": "graph"},
            "graph": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.x", "StringEquals": 'a "quoted" | piped -->', "Next": "{x}"}
                ],
                "Default": "Nowhere",
            },
            "{x}": {"Type": "Pass", "Next": "%% not a comment"},
            "%% not a comment": {"Type": "Pass", "End": True},
        },
    },
}


def seed_asl(number: str, marker: str) -> dict[str, Any]:
    """The ASL definition embedded in a seed document, from `marker` to its closing brace."""
    path = next(SEEDS.glob(f"{number}_*.txt"))
    text = path.read_text(encoding="utf-8")
    start = text.index(marker)
    # The JSON ends where the text after it stops parsing; raw_decode finds that point.
    document, _ = json.JSONDecoder().raw_decode(text[start:])
    return document


def seeds() -> dict[str, dict[str, Any]]:
    """The ASL given verbatim by seed 001 (inventory callback) and seed 003 (bookstore)."""
    if not SEEDS.is_dir():
        return {}
    return {
        "seed_001_inventory": seed_asl("001", '{\n      "Comment": "An example of the Amazon'),
        "seed_003_bookstore": seed_asl("003", '{\n  "Comment": "An Order Flow example'),
    }


def generated() -> dict[str, dict[str, Any]]:
    """Every definition compiled into generated/ (the seed workflows, once compiled)."""
    return {
        path.parent.name: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(GENERATED.glob("*/definition.asl.json"))
    }
