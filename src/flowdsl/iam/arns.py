"""Identifiers a definition holds (queue URLs, function names, ...) turned into resource ARNs.

Each converter takes the static, placeholder-resolved value and the state's parameters (for
qualifiers that live in a sibling parameter) and returns the ARNs to grant. Literal ARNs stay as
written; a bare name gets this account's ARN with the partition, region and account as
CloudFormation pseudo parameters. ARN formats: the Service Authorization Reference, "Actions,
resources, and condition keys for <service>":
https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flowdsl.iam.errors import PolicyError
from flowdsl.iam.facts import A, P, R, arn
from flowdsl.iam.values import Parameters, Value

Converter = Callable[[str, Parameters], list[str]]
CONVERTERS: dict[str, Converter] = {}


def converter(name: str) -> Callable[[Converter], Converter]:
    def register(function: Converter) -> Converter:
        CONVERTERS[name] = function
        return function

    return register


class DynamicSibling(Exception):
    """A converter needs another parameter that is only known at run time."""

    def __init__(self, value: Value) -> None:
        super().__init__(value.pointer)
        self.value = value


def _static_sibling(params: Parameters, path: str) -> str:
    for value in params.values(path):
        if value.kind == "static" and value.text is not None:
            return value.text
        if value.kind == "dynamic":
            raise DynamicSibling(value)
    raise DynamicSibling(Value("dynamic", None, f"{params.pointer}/{path}", f"{path} is missing"))


def _bad(value: str, what: str) -> PolicyError:
    return PolicyError(f"{value!r} is not {what}")


_PSEUDO = re.compile(r"\$\{[^}]*\}")


def split_arn(value: str, maxsplit: int = -1) -> list[str]:
    """Split on `:` outside `${AWS::Partition}`-style placeholders, which contain colons."""
    protected = _PSEUDO.sub(lambda m: m.group(0).replace(":", "\0"), value)
    return [part.replace("\0", ":") for part in protected.split(":", maxsplit)]


def _arn_parts(value: str) -> list[str] | None:
    parts = split_arn(value, 5)
    return parts if value.startswith("arn:") and len(parts) == 6 else None


def _named(service: str, prefix: str, *, region: str = R, account: str = A) -> Converter:
    """A converter for `name` or a full ARN, e.g. `job/<name>` in Glue."""

    def convert(value: str, _: Parameters) -> list[str]:
        if _arn_parts(value):
            return [value]
        return [arn(service, f"{prefix}{value}", region=region, account=account)]

    return convert


# Lambda: FunctionName takes a name, a partial ARN (`123456789012:function:name`) or an ARN, each
# optionally with `:version` or `:alias`; the Lambda API reference, Invoke, "Name formats":
# https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html
# A permission on an unqualified ARN allows invoking only through the unqualified ARN; a version
# or alias needs its qualified ARN ("Versioning, aliases, and resource policies"):
# https://docs.aws.amazon.com/lambda/latest/dg/versioning-aliases-permissions.html
@converter("lambda-function")
def lambda_function(value: str, params: Parameters) -> list[str]:
    parts = split_arn(value)
    if value.startswith("arn:"):
        if len(parts) not in (7, 8) or parts[2] != "lambda" or parts[5] != "function":
            raise _bad(value, "a Lambda function ARN")
        base, qualifier = ":".join(parts[:7]), (parts[7] if len(parts) == 8 else None)
    elif len(parts) in (3, 4) and parts[1] == "function":
        base = f"arn:{P}:lambda:{R}:{parts[0]}:function:{parts[2]}"
        qualifier = parts[3] if len(parts) == 4 else None
    elif len(parts) in (1, 2) and parts[0]:
        base = arn("lambda", f"function:{parts[0]}")
        qualifier = parts[1] if len(parts) == 2 else None
    else:
        raise _bad(value, "a Lambda function name or ARN")
    if qualifier is None:
        values = params.values("Qualifier")
        if any(v.kind == "dynamic" for v in values):
            return [base, f"{base}:*"]
        qualifier = next((v.text for v in values if v.kind == "static"), None)
    return [f"{base}:{qualifier}" if qualifier else base]


# SQS: `https://sqs.<region>.amazonaws.com/<account>/<name>` (and the legacy
# `https://<region>.queue.amazonaws.com/...`) -> `arn:<partition>:sqs:<region>:<account>:<name>`.
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html
_QUEUE_URL = re.compile(r"https?://(?P<host>[^/]+)/(?P<account>[^/]+)/(?P<name>[^/]+)/?")


def _partition_for(host: str, region: str) -> str:
    if "${AWS::URLSuffix}" in host or "${AWS::" in region:
        return P
    if host.endswith(".cn"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


@converter("sqs-queue")
def sqs_queue(value: str, _: Parameters) -> list[str]:
    if _arn_parts(value):
        return [value]
    match = _QUEUE_URL.fullmatch(value)
    if not match:
        raise _bad(value, "an SQS queue URL")
    host = match["host"]
    labels = host.split(".")
    if labels[0] == "sqs" and len(labels) > 2:
        region = labels[1]
    elif len(labels) > 2 and labels[1] == "queue":
        region = labels[0]
    elif host.startswith("queue."):
        region = "us-east-1"
    else:
        raise _bad(value, "an SQS queue URL")
    partition = _partition_for(host, region)
    return [f"arn:{partition}:sqs:{region}:{match['account']}:{match['name']}"]


@converter("arn")
def literal_arn(value: str, _: Parameters) -> list[str]:
    if not _arn_parts(value):
        raise _bad(value, "an ARN")
    return [value]


# DynamoDB's TableName takes a name or a table ARN:
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html
CONVERTERS["dynamodb-table"] = _named("dynamodb", "table/")


@converter("dynamodb-index")
def dynamodb_index(value: str, params: Parameters) -> list[str]:
    table = _static_sibling(params, "TableName")
    return [f"{t}/index/{value}" for t in CONVERTERS["dynamodb-table"](table, params)]


# Secrets Manager: SecretId is an ARN or a name; a secret's ARN ends in `-` and six random
# characters: https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html
@converter("secretsmanager-secret")
def secretsmanager_secret(value: str, _: Parameters) -> list[str]:
    if _arn_parts(value):
        return [value]
    return [arn("secretsmanager", f"secret:{value}-??????")]


# SSM parameters: `arn:...:parameter/<name without its leading slash>`.
@converter("ssm-parameter")
def ssm_parameter(value: str, _: Parameters) -> list[str]:
    if _arn_parts(value):
        return [value]
    return [arn("ssm", f"parameter/{value.lstrip('/')}")]


CONVERTERS["states-state-machine"] = _named("states", "stateMachine:")


# `.sync` polls and stops the child execution: execution ARNs are
# `execution:<stateMachineName>:<executionName>` (connect-stepfunctions.html). A version or alias
# qualifier is not part of the execution ARN.
@converter("states-execution")
def states_execution(value: str, params: Parameters) -> list[str]:
    (machine,) = CONVERTERS["states-state-machine"](value, params)
    parts = split_arn(machine)
    if len(parts) < 7 or parts[5] != "stateMachine":
        raise _bad(value, "a state machine ARN")
    return [":".join([*parts[:5], "execution", parts[6], "*"])]


# EventBridge EventBusName takes a name or an ARN:
# https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsRequestEntry.html
CONVERTERS["events-bus"] = _named("events", "event-bus/")


# HTTP Task: a connection ARN is `arn:...:events:R:A:connection/<name>/<uuid>`; its credentials
# live in the secret `events!connection/<name>/<uuid>-<suffix>` (call-https-apis.html).
@converter("events-connection-secret")
def connection_secret(value: str, _: Parameters) -> list[str]:
    parts = _arn_parts(value)
    if not parts or not parts[5].startswith("connection/"):
        raise _bad(value, "an EventBridge connection ARN")
    name = parts[5].split("/")[1]
    return [
        f"arn:{parts[1]}:secretsmanager:{parts[3]}:{parts[4]}:secret:events!connection/{name}/*"
    ]


# IAM roles are passed by ARN; a bare name is this account's role.
CONVERTERS["iam-role"] = _named("iam", "role/", region="")


# ECS TaskDefinition: `family`, `family:revision` or an ARN; RunTask is authorized on the
# revision's ARN, so a bare family (its latest ACTIVE revision) gets every revision.
# https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html
@converter("ecs-task-definition")
def ecs_task_definition(value: str, _: Parameters) -> list[str]:
    if _arn_parts(value):
        return [value if len(split_arn(value)) >= 7 else f"{value}:*"]
    if ":" in value:
        return [arn("ecs", f"task-definition/{value}")]
    return [arn("ecs", f"task-definition/{value}:*")]


CONVERTERS["batch-job-queue"] = _named("batch", "job-queue/")


# Batch JobDefinition: `name`, `name:revision` or an ARN; a bare name uses the latest revision.
@converter("batch-job-definition")
def batch_job_definition(value: str, _: Parameters) -> list[str]:
    if _arn_parts(value):
        return [value]
    return [arn("batch", f"job-definition/{value}" + ("" if ":" in value else ":*"))]


CONVERTERS["glue-job"] = _named("glue", "job/")
CONVERTERS["athena-workgroup"] = _named("athena", "workgroup/")
CONVERTERS["databrew-job"] = _named("databrew", "job/")
CONVERTERS["codebuild-project"] = _named("codebuild", "project/")
CONVERTERS["eks-cluster"] = _named("eks", "cluster/")
CONVERTERS["emr-cluster"] = _named("elasticmapreduce", "cluster/")
CONVERTERS["emr-containers-virtual-cluster"] = _named("emr-containers", "/virtualclusters/")


@converter("emr-containers-job-runs")
def emr_containers_job_runs(value: str, params: Parameters) -> list[str]:
    return [f"{a}/jobruns/*" for a in CONVERTERS["emr-containers-virtual-cluster"](value, params)]


# CodeBuild build ids are `<project>:<uuid>`; build ARNs `arn:...:build/<project>:<uuid>`.
@converter("codebuild-build-project")
def codebuild_build_project(value: str, params: Parameters) -> list[str]:
    parts = _arn_parts(value)
    if parts and "/" not in parts[5]:
        raise _bad(value, "a CodeBuild build ARN")
    project = parts[5].split("/", 1)[1].split(":")[0] if parts else value.split(":")[0]
    return CONVERTERS["codebuild-project"](project, params)


# CodeBuild report ARNs are `arn:...:report/<group>:<uuid>`; BatchGetReports is authorized on the
# report group (codebuild-iam.html).
@converter("codebuild-report-group")
def codebuild_report_group(value: str, _: Parameters) -> list[str]:
    parts = _arn_parts(value)
    if not parts or not parts[5].startswith("report/"):
        raise _bad(value, "a CodeBuild report ARN")
    group = parts[5].split("/", 1)[1].split(":")[0]
    return [":".join([*parts[:5], f"report-group/{group}"])]


# Publishing to a phone number or a platform endpoint has no topic to scope to (connect-sns.html).
@converter("any")
def any_resource(value: str, _: Parameters) -> list[str]:
    return ["*"]


# EKS node groups: `arn:...:eks:R:A:nodegroup/<cluster>/<nodegroup>/<uuid>` (connect-eks.html).
@converter("eks-nodegroup")
def eks_nodegroup(value: str, params: Parameters) -> list[str]:
    cluster = params.first_static("ClusterName")
    return [arn("eks", f"nodegroup/{cluster or '*'}/{value}/*")]


# Bedrock: a foundation model id or ARN; foundation models are AWS-owned, so their ARNs have an
# empty account field (connect-bedrock.html).
@converter("bedrock-model")
def bedrock_model(value: str, _: Parameters) -> list[str]:
    if _arn_parts(value):
        return [value]
    return [arn("bedrock", f"foundation-model/{value}", account="")]


# `s3://bucket/key` -> `arn:<partition>:s3:::bucket/key` (S3 ARNs have no region or account).
@converter("s3-uri-object")
def s3_uri_object(value: str, _: Parameters) -> list[str]:
    if not value.startswith("s3://") or "/" not in value[5:]:
        raise _bad(value, "an S3 URI s3://bucket/key")
    return [f"arn:{P}:s3:::{value[5:]}"]


@converter("s3-uri-prefix")
def s3_uri_prefix(value: str, _: Parameters) -> list[str]:
    if not value.startswith("s3://"):
        raise _bad(value, "an S3 URI s3://bucket/prefix")
    return [f"arn:{P}:s3:::{value[5:].rstrip('/')}/*"]


# A results location that may be absent (Athena then writes where its workgroup says, which the
# definition does not name): the empty default stands for "not named here" and grants every
# bucket, as the Athena page's template does for all of its S3 actions.
@converter("s3-uri-prefix-or-any")
def s3_uri_prefix_or_any(value: str, params: Parameters) -> list[str]:
    return s3_uri_prefix(value, params) if value else [f"arn:{P}:s3:::*"]


@converter("s3-uri-bucket-or-any")
def s3_uri_bucket_or_any(value: str, _: Parameters) -> list[str]:
    if not value:
        return [f"arn:{P}:s3:::*"]
    if not value.startswith("s3://"):
        raise _bad(value, "an S3 URI s3://bucket/prefix")
    return [f"arn:{P}:s3:::{value[5:].split('/', 1)[0]}"]


@converter("s3-bucket")
def s3_bucket(value: str, _: Parameters) -> list[str]:
    return [value] if _arn_parts(value) else [f"arn:{P}:s3:::{value}"]


# An object under the state's Bucket parameter: `Key` exactly, or everything under `Prefix`.
@converter("s3-object")
def s3_object(value: str, params: Parameters) -> list[str]:
    bucket = _static_sibling(params, "Bucket")
    return [f"arn:{P}:s3:::{bucket}/{value}"]


# The S3Object structure Rekognition and Textract take ({"Bucket": ..., "Name": ...}) under the
# parameter named after the colon: the object is its Name in its Bucket.
for _parent in ("Image", "SourceImage", "TargetImage", "Video", "Document", "DocumentLocation"):

    def _object_in(value: str, params: Parameters, parent: str = _parent) -> list[str]:
        bucket = _static_sibling(params, f"{parent}.S3Object.Bucket")
        return [f"arn:{P}:s3:::{bucket}/{value}"]

    converter(f"s3-object-in:{_parent}")(_object_in)


@converter("s3-bucket-objects")
def s3_bucket_objects(value: str, _: Parameters) -> list[str]:
    return [f"arn:{P}:s3:::{value}/*"]


@converter("s3-prefix")
def s3_prefix(value: str, params: Parameters) -> list[str]:
    return s3_object(f"{value.rstrip('/')}/*" if value else "*", params)


@converter("s3-prefix-glob")
def s3_prefix_glob(value: str, params: Parameters) -> list[str]:
    return s3_object(f"{value}*", params)


def _sagemaker(resource_type: str) -> Converter:
    # SageMaker writes resource names in ARNs in lower case; IAM compares ARNs case-sensitively.
    def convert(value: str, _: Parameters) -> list[str]:
        if _arn_parts(value):
            return [value]
        return [arn("sagemaker", f"{resource_type}/{value.lower()}")]

    return convert


for _type in (
    "training-job",
    "transform-job",
    "processing-job",
    "hyper-parameter-tuning-job",
    "labeling-job",
    "model",
    "endpoint-config",
    "endpoint",
):
    CONVERTERS[f"sagemaker-{_type}"] = _sagemaker(_type)


# API Gateway: `execute-api:Invoke` on `<apiId>/<stage>/<METHOD>/<path>`; ApiEndpoint is
# `<apiId>.execute-api.<region>.amazonaws.com` (connect-api-gateway.html). A piece known only at
# run time becomes `*`.
@converter("execute-api")
def execute_api(value: str, params: Parameters) -> list[str]:
    labels = value.split(".")
    if len(labels) < 3 or labels[1] != "execute-api":
        raise _bad(value, "an API Gateway endpoint <apiId>.execute-api.<region>.amazonaws.com")
    region = labels[2]
    stage = params.first_static("Stage") or "*"
    method = (params.first_static("Method") or "*").upper()
    path = (params.first_static("Path") or "*").lstrip("/")
    path = path if "{" not in path else "*"
    partition = _partition_for(value, region)
    return [f"arn:{partition}:execute-api:{region}:{A}:{labels[0]}/{stage}/{method}/{path}"]


def convert(name: str, value: str, params: Parameters) -> list[str]:
    """Apply the converter `name`; unknown names are a bug in an integration's table."""
    return CONVERTERS[name](value, params)
