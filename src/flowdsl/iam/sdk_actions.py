"""IAM actions and resources for AWS SDK integrations (`arn:aws:states:::aws-sdk:<service>:<api>`).

Step Functions cannot generate policies for these ("Step Functions cannot autogenerate IAM
policies for AWS SDK integrations":
https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html). flowdsl
derives `<prefix>:<Action>` from the service name and the operation, then checks the result
against a snapshot of the Service Authorization Reference (`data/iam_actions.json.gz`, made by
`flowdsl.iam.refresh`). Anything not found is an error asking the user to declare the action:
flowdsl never guesses an action.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path
from typing import Any

from flowdsl.iam.facts import Condition, From, P, arn

_DATA = Path(__file__).with_name("data") / "iam_actions.json.gz"

# Step Functions SDK service names whose IAM prefix botocore's signingName gets wrong or does not
# give (checked against the Service Authorization Reference; IAM-RESEARCH.md section 5).
PREFIX_OVERRIDES: dict[str, str] = {
    "cloudcontrol": "cloudformation",  # Cloud Control API actions are cloudformation:*Resource*
    "resourcegroupstaggingapi": "tag",
    "iotjobsdataplane": "iotjobsdata",
    "iotsecuretunneling": "iot",
    "mturk": "mechanicalturk",
    "databasemigration": "dms",
}

# Operations authorized by a differently named action. Sources: S3 "Required permissions for
# Amazon S3 API operations"
# (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations.html, each operation's
# "Permissions" section; ListBuckets -> ListAllMyBuckets is also Step Functions' own S3 SDK
# tutorial); Lambda Invoke "requires permission for the lambda:InvokeFunction action"
# (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html); SQS and SNS batch calls are
# authorized by the single action
# (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html,
# https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html); KMS ReEncrypt needs both
# ReEncrypt actions (https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html);
# Bedrock Converse needs bedrock:InvokeModel
# (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html).
OPERATION_ACTIONS: dict[tuple[str, str], tuple[str, ...]] = {
    ("s3", "listBuckets"): ("s3:ListAllMyBuckets",),
    ("s3", "listObjects"): ("s3:ListBucket",),
    ("s3", "listObjectsV2"): ("s3:ListBucket",),
    ("s3", "listObjectVersions"): ("s3:ListBucketVersions",),
    ("s3", "headObject"): ("s3:GetObject",),
    ("s3", "headBucket"): ("s3:ListBucket",),
    ("s3", "copyObject"): ("s3:GetObject", "s3:PutObject"),
    ("s3", "deleteObjects"): ("s3:DeleteObject",),
    ("s3", "createMultipartUpload"): ("s3:PutObject",),
    ("s3", "uploadPart"): ("s3:PutObject",),
    ("s3", "completeMultipartUpload"): ("s3:PutObject",),
    ("s3", "getBucketEncryption"): ("s3:GetEncryptionConfiguration",),
    ("lambda", "invoke"): ("lambda:InvokeFunction",),
    ("sqs", "sendMessageBatch"): ("sqs:SendMessage",),
    ("sqs", "deleteMessageBatch"): ("sqs:DeleteMessage",),
    ("sqs", "changeMessageVisibilityBatch"): ("sqs:ChangeMessageVisibility",),
    ("sns", "publishBatch"): ("sns:Publish",),
    ("dynamodb", "transactGetItems"): ("dynamodb:GetItem",),
    ("kms", "reEncrypt"): ("kms:ReEncryptFrom", "kms:ReEncryptTo"),
    ("bedrockruntime", "converse"): ("bedrock:InvokeModel",),
    ("bedrockruntime", "converseStream"): ("bedrock:InvokeModelWithResponseStream",),
}

# Where an action's resource comes from, per (IAM prefix, resource type in the Service
# Authorization Reference): the parameters that name it, first present wins. A value known only
# at run time gets every resource of that type in this account and region (Step Functions
# documents no SDK templates; the warning names what is granted, and declared resources
# replace it, e.g. for another account's queue).
_ANY_S3 = f"arn:{P}:s3:::*"
RESOURCE_PARAMETERS: dict[tuple[str, str], tuple[From, ...]] = {
    ("s3", "bucket"): (From("Bucket", "s3-bucket", _ANY_S3),),
    ("s3", "object"): (
        From("Key", "s3-object", _ANY_S3),
        From("Prefix", "s3-prefix-glob", _ANY_S3),
    ),
    ("dynamodb", "table"): (From("TableName", "dynamodb-table", arn("dynamodb", "table/*")),),
    ("dynamodb", "index"): (
        From("IndexName", "dynamodb-index", arn("dynamodb", "table/*/index/*")),
    ),
    ("sqs", "queue"): (From("QueueUrl", "sqs-queue", arn("sqs", "*")),),
    ("sns", "topic"): (From("TopicArn", "arn", arn("sns", "*")),),
    ("lambda", "function"): (From("FunctionName", "lambda-function", arn("lambda", "function:*")),),
    ("states", "statemachine"): (
        From("StateMachineArn", "states-state-machine", arn("states", "stateMachine:*")),
    ),
    ("states", "execution"): (From("ExecutionArn", "arn", arn("states", "execution:*")),),
    ("states", "activity"): (From("ActivityArn", "arn", arn("states", "activity:*")),),
    ("secretsmanager", "Secret"): (
        From("SecretId", "secretsmanager-secret", arn("secretsmanager", "secret:*")),
    ),
    ("events", "event-bus"): (
        From("Entries[].EventBusName", "events-bus", arn("events", "event-bus/*"), "default"),
        From("EventBusName", "events-bus", arn("events", "event-bus/*"), "default"),
    ),
    ("ssm", "parameter"): (From("Name", "ssm-parameter", arn("ssm", "parameter/*")),),
    ("ecs", "task-definition"): (
        From("TaskDefinition", "ecs-task-definition", arn("ecs", "task-definition/*")),
    ),
    ("glue", "job"): (From("JobName", "glue-job", arn("glue", "job/*")),),
}


# Secondary permissions: an SDK call that reads an S3 object the state names does so with the
# caller's credentials, so the role needs s3:GetObject on that object too. Rekognition: "the
# user or role calling the operation must have s3:GetObject permission on the object"
# (https://docs.aws.amazon.com/rekognition/latest/dg/images-s3.html); Textract: "the caller
# needs s3:GetObject permission on the document"
# (https://docs.aws.amazon.com/textract/latest/dg/security_iam_id-based-policy-examples.html and
# each operation's Document/DocumentLocation: "the user must have permission to read the S3
# object"). Only objects the arguments name are granted; a run-time name gets every object,
# with the usual warning.
def _reads(*parents: str) -> tuple[From, ...]:
    return tuple(From(f"{p}.S3Object.Name", f"s3-object-in:{p}", _ANY_S3) for p in parents)


_IMAGE = _reads("Image")
_VIDEO = _reads("Video")
_DOCUMENT = _reads("Document")
_LOCATION = _reads("DocumentLocation")
SECONDARY_S3_READS: dict[tuple[str, str], tuple[From, ...]] = {
    **{
        ("rekognition", api): _IMAGE
        for api in (
            "detectLabels",
            "detectFaces",
            "detectText",
            "detectModerationLabels",
            "detectProtectiveEquipment",
            "detectCustomLabels",
            "recognizeCelebrities",
            "indexFaces",
            "searchFacesByImage",
        )
    },
    ("rekognition", "compareFaces"): _reads("SourceImage", "TargetImage"),
    **{
        ("rekognition", api): _VIDEO
        for api in (
            "startLabelDetection",
            "startFaceDetection",
            "startTextDetection",
            "startContentModeration",
            "startCelebrityRecognition",
            "startPersonTracking",
            "startSegmentDetection",
            "startFaceSearch",
        )
    },
    **{
        ("textract", api): _DOCUMENT
        for api in ("analyzeDocument", "detectDocumentText", "analyzeExpense")
    },
    **{
        ("textract", api): _LOCATION
        for api in (
            "startDocumentAnalysis",
            "startDocumentTextDetection",
            "startExpenseAnalysis",
            "startLendingAnalysis",
        )
    },
}


# Conditions that narrow an action to what the call's parameters say: listing a bucket only
# under the given Prefix (s3:prefix; "Amazon S3 condition key examples":
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html).
CONDITIONS: dict[str, tuple[Condition, ...]] = {
    "s3:ListBucket": (Condition("StringLike", "s3:prefix", path="Prefix", suffix="*"),),
}


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(gzip.decompress(_DATA.read_bytes()))
    return loaded


def iam_actions() -> dict[str, dict[str, list[str]]]:
    """Every IAM action in the snapshot: prefix -> action -> resource types."""
    actions: dict[str, dict[str, list[str]]] = _data()["actions"]
    return actions


def iam_prefix(sdk_service: str) -> str | None:
    """The IAM prefix of a Step Functions SDK service name (`sfn` -> `states`)."""
    if sdk_service in PREFIX_OVERRIDES:
        return PREFIX_OVERRIDES[sdk_service]
    prefixes: dict[str, str] = _data()["sdk_prefixes"]
    return prefixes.get(sdk_service) or prefixes.get(sdk_service.removesuffix("service"))


def canonical_action(action: str) -> str | None:
    """`athena:startQueryExecution` -> `athena:StartQueryExecution`; None if IAM has no such
    action (IAM matches action names case-insensitively, the snapshot keeps AWS's spelling)."""
    prefix, _, name = action.partition(":")
    known = iam_actions().get(prefix.lower())
    if not known:
        return None
    lowered = {k.lower(): k for k in known}
    found = lowered.get(name.lower())
    return f"{prefix.lower()}:{found}" if found else None


def resource_types(action: str) -> list[str]:
    prefix, _, name = action.partition(":")
    return iam_actions().get(prefix, {}).get(name, [])


def derive_actions(sdk_service: str, api: str) -> tuple[str, ...] | None:
    """The IAM actions an SDK call needs, or None when they cannot be derived with confidence."""
    if (sdk_service, api) in OPERATION_ACTIONS:
        return OPERATION_ACTIONS[(sdk_service, api)]
    prefix = iam_prefix(sdk_service)
    if prefix is None or not api:
        return None
    found = canonical_action(f"{prefix}:{api[:1].upper()}{api[1:]}")
    return (found,) if found else None
