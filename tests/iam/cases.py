"""Definitions for the IAM tests: every integration and pattern, static and dynamic, plus
Distributed Map, activities, direct Lambda ARNs and aws-sdk calls."""

from __future__ import annotations

from typing import Any

from flowdsl.integrations.model import PATTERN_SUFFIX
from flowdsl.integrations.registry import BY_RESOURCE

ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/"

# One realistic set of static parameters per integration (the target parameter literal).
STATIC: dict[str, dict[str, Any]] = {
    "lambda:invoke": {"FunctionName": "checkInventory", "Payload": {"a": 1}},
    "sqs:sendMessage": {
        "QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/Orders",
        "MessageBody": "hello",
    },
    "sns:publish": {"TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:Alerts", "Message": "m"},
    "dynamodb:getItem": {"TableName": "OrderTable", "Key": {}},
    "dynamodb:putItem": {"TableName": "OrderTable", "Item": {}},
    "dynamodb:updateItem": {"TableName": "OrderTable", "Key": {}},
    "dynamodb:deleteItem": {"TableName": "OrderTable", "Key": {}},
    "events:putEvents": {
        "Entries": [{"EventBusName": "orders", "Source": "s", "DetailType": "d", "Detail": {}}]
    },
    "states:startExecution": {
        "StateMachineArn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:Child"
    },
    "ecs:runTask": {
        "Cluster": "main",
        "TaskDefinition": "worker:3",
        "Overrides": {"TaskRoleArn": ROLE + "TaskRole", "ExecutionRoleArn": ROLE + "ExecRole"},
    },
    "batch:submitJob": {"JobName": "j", "JobQueue": "queue1", "JobDefinition": "jobdef:2"},
    "glue:startJobRun": {"JobName": "etl"},
    "athena:startQueryExecution": {
        "QueryString": "SELECT 1",
        "WorkGroup": "analytics",
        "ResultConfiguration": {"OutputLocation": "s3://query-results/athena/"},
    },
    "athena:stopQueryExecution": {"QueryExecutionId": "q"},
    "athena:getQueryExecution": {"QueryExecutionId": "q"},
    "athena:getQueryResults": {"QueryExecutionId": "q"},
    "apigateway:invoke": {
        "ApiEndpoint": f"a1b2c3.execute-api.{REGION}.amazonaws.com",
        "Method": "GET",
        "Stage": "prod",
        "Path": "/pets",
    },
    "http:invoke": {
        "ApiEndpoint": "https://api.example.com/v1/orders",
        "Method": "POST",
        "Authentication": {
            "ConnectionArn": f"arn:aws:events:{REGION}:{ACCOUNT}:connection/example/0a1b2c3d"
        },
    },
    "bedrock:invokeModel": {
        "ModelId": "amazon.titan-text-express-v1",
        "Input": {"S3Uri": "s3://model-input/prompt.json"},
        "Output": {"S3Uri": "s3://model-output/answer.json"},
    },
    "bedrock:createModelCustomizationJob": {
        "BaseModelIdentifier": "amazon.titan-text-express-v1",
        "RoleArn": ROLE + "Customizer",
        "JobName": "job",
        "CustomModelName": "model",
    },
    "eks:createCluster": {"Name": "c1", "RoleArn": ROLE + "EksCluster"},
    "eks:createNodegroup": {
        "ClusterName": "c1",
        "NodegroupName": "ng1",
        "NodeRole": ROLE + "EksNode",
    },
    "eks:deleteCluster": {"Name": "c1"},
    "eks:deleteNodegroup": {"ClusterName": "c1", "NodegroupName": "ng1"},
    "eks:runJob": {"ClusterName": "c1", "Job": {}},
    "eks:call": {"ClusterName": "c1", "Method": "GET", "Path": "/api"},
    "databrew:startJobRun": {"Name": "brew"},
    "codebuild:startBuild": {"ProjectName": "build"},
    "codebuild:stopBuild": {"Id": "build:0a1b"},
    "codebuild:batchDeleteBuilds": {"Ids": ["build:0a1b"]},
    "codebuild:batchGetReports": {
        "ReportArns": [f"arn:aws:codebuild:{REGION}:{ACCOUNT}:report/tests:0a1b"]
    },
    "codebuild:startBuildBatch": {"ProjectName": "build"},
    "codebuild:stopBuildBatch": {"Id": "build:0a1b"},
    "codebuild:retryBuildBatch": {"Id": "build:0a1b"},
    "codebuild:deleteBuildBatch": {"Id": "build:0a1b"},
    "elasticmapreduce:addStep": {"ClusterId": "j-1ABC", "Step": {}},
    "elasticmapreduce:cancelStep": {"ClusterId": "j-1ABC", "StepId": "s"},
    "elasticmapreduce:createCluster": {
        "Name": "c",
        "ServiceRole": "EMR_DefaultRole",
        "JobFlowRole": "EMR_EC2_DefaultRole",
    },
    "elasticmapreduce:setClusterTerminationProtection": {"ClusterId": "j-1ABC"},
    "elasticmapreduce:modifyInstanceFleetByName": {"ClusterId": "j-1ABC"},
    "elasticmapreduce:modifyInstanceGroupByName": {"ClusterId": "j-1ABC"},
    "elasticmapreduce:terminateCluster": {"ClusterId": "j-1ABC"},
    "emr-containers:startJobRun": {
        "VirtualClusterId": "vc1",
        "ExecutionRoleArn": ROLE + "EmrJob",
    },
    "sagemaker:createTrainingJob": {"TrainingJobName": "Train", "RoleArn": ROLE + "SageMaker"},
    "sagemaker:createTransformJob": {"TransformJobName": "Transform"},
    "sagemaker:createHyperParameterTuningJob": {
        "HyperParameterTuningJobName": "Tune",
        "TrainingJobDefinition": {"RoleArn": ROLE + "SageMaker"},
    },
    "sagemaker:createProcessingJob": {
        "ProcessingJobName": "Process",
        "RoleArn": ROLE + "SageMaker",
    },
    "sagemaker:createModel": {"ModelName": "Model", "ExecutionRoleArn": ROLE + "SageMaker"},
    "sagemaker:createEndpointConfig": {"EndpointConfigName": "Config"},
    "sagemaker:createEndpoint": {"EndpointName": "Endpoint", "EndpointConfigName": "Config"},
    "sagemaker:updateEndpoint": {"EndpointName": "Endpoint", "EndpointConfigName": "Config"},
}


def _chain(states: dict[str, dict[str, Any]], language: str) -> dict[str, Any]:
    names = list(states)
    for this, following in zip(names, [*names[1:], None], strict=True):
        if following is None:
            states[this]["End"] = True
        else:
            states[this]["Next"] = following
    return {"QueryLanguage": language, "StartAt": names[0], "States": states}


def every_integration(*, dynamic: bool = False) -> dict[str, Any]:
    """One Task per integration and pattern; `dynamic` makes every parameter a JSONata
    expression, so each target is known only at run time."""
    states: dict[str, dict[str, Any]] = {}
    for resource, record in sorted(BY_RESOURCE.items()):
        arguments: Any = (
            {key: f"{{% $states.input.{key} %}}" for key in STATIC[resource]}
            if dynamic
            else STATIC[resource]
        )
        for pattern in sorted(record.patterns):
            states[f"{resource}{PATTERN_SUFFIX[pattern]}"] = {
                "Type": "Task",
                "Resource": record.resource_arn(pattern),
                "Arguments": arguments,
            }
    return _chain(states, "JSONata")


def distributed_map(*, language: str = "JSONata") -> dict[str, Any]:
    """A Distributed Map reading a prefix of a bucket and writing results, calling Lambda."""
    key = "Arguments" if language == "JSONata" else "Parameters"
    return _chain(
        {
            "Process Objects": {
                "Type": "Map",
                "Label": "objects",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:listObjectsV2",
                    key: {"Bucket": "${DataBucketName}", "Prefix": "incoming/"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Resize",
                    "States": {
                        "Resize": {
                            "Type": "Task",
                            "Resource": "arn:aws:states:::lambda:invoke",
                            key: {"FunctionName": "${ResizeFunctionArn}"},
                            "End": True,
                        }
                    },
                },
                "ResultWriter": {
                    "Resource": "arn:aws:states:::s3:putObject",
                    key: {"Bucket": "${DataBucketName}", "Prefix": "results"},
                },
            }
        },
        language,
    )


DISTRIBUTED_MAP_SUBSTITUTIONS = {
    "DataBucketName": "data-bucket",
    "ResizeFunctionArn": "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:resize",
}


def task(resource: str, arguments: Any = None, *, language: str = "JSONata") -> dict[str, Any]:
    """A one-Task definition."""
    state: dict[str, Any] = {"Type": "Task", "Resource": resource}
    if arguments is not None:
        state["Arguments" if language == "JSONata" else "Parameters"] = arguments
    return _chain({"Call": state}, language)


def misc() -> dict[str, Any]:
    """Activities, a direct Lambda ARN, aws-sdk calls, an S3 inventory manifest reader."""
    return _chain(
        {
            "Approve": {
                "Type": "Task",
                "Resource": f"arn:aws:states:{REGION}:{ACCOUNT}:activity:Approval",
            },
            "Direct Lambda": {
                "Type": "Task",
                "Resource": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:legacy:prod",
            },
            "List Buckets": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets"},
            "Get Object": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                "Arguments": {"Bucket": "reports", "Key": "daily.csv"},
            },
            "Query Orders": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:dynamodb:query",
                "Arguments": {"TableName": "OrderTable", "IndexName": "ByCustomer"},
            },
            "Describe Child": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
                "Arguments": {"ExecutionArn": "{% $states.input.execution %}"},
            },
            "Read Secret": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:secretsmanager:getSecretValue.waitForTaskToken",
                "Arguments": {"SecretId": "prod/db"},
            },
            "Inventory": {
                "Type": "Map",
                "ItemReader": {
                    "Resource": "arn:aws:states:::s3:getObject",
                    "ReaderConfig": {"InputType": "MANIFEST"},
                    "Arguments": {"Bucket": "inventory", "Key": "orders/manifest.json"},
                },
                "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Noop",
                    "States": {"Noop": {"Type": "Pass", "End": True}},
                },
            },
        },
        "JSONata",
    )


def grants(policy: dict[str, Any] | None) -> set[tuple[str, str]]:
    """Every (action, resource) pair a policy document allows."""
    assert policy is not None
    return {
        (action, resource)
        for statement in policy["Statement"]
        for action in statement["Action"]
        for resource in statement["Resource"]
    }
