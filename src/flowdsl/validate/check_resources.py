"""Task Resource checks: ARN forms, integration patterns per service, Express restrictions.

A .waitForTaskToken task that never passes its token is not reported: AWS creates it (LocalStack's
AWS-validated test_sqs_wait_for_task_token_no_token_parameter runs one), though nothing can resume it.

Source for the pattern table and the Express rule:
https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html ("Optimized
integrations in Step Functions": which services support Run a Job (.sync) and Wait for Callback
(.waitForTaskToken); Express workflows support Request Response only; AWS SDK integrations support
Request Response and, in Standard workflows, Wait for Callback). Activities are Standard-only
(https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from flowdsl.validate.context import Context, StateRef


class Patterns(NamedTuple):
    """Which integration patterns beyond Request Response a service supports."""

    sync: bool
    callback: bool


# Optimized integrations: ARN service name -> supported patterns (integrate-optimized.html).
OPTIMIZED: dict[str, Patterns] = {
    "apigateway": Patterns(sync=False, callback=True),
    "athena": Patterns(sync=True, callback=False),
    "batch": Patterns(sync=True, callback=False),
    "bedrock": Patterns(sync=True, callback=True),
    "codebuild": Patterns(sync=True, callback=False),
    "databrew": Patterns(sync=True, callback=False),
    "dynamodb": Patterns(sync=False, callback=False),
    "ecs": Patterns(sync=True, callback=True),
    "eks": Patterns(sync=True, callback=True),
    "elasticmapreduce": Patterns(sync=True, callback=False),
    "emr-containers": Patterns(sync=True, callback=False),
    "emr-serverless": Patterns(sync=True, callback=False),
    "events": Patterns(sync=False, callback=True),
    "glue": Patterns(sync=True, callback=False),
    "http": Patterns(sync=False, callback=False),
    "lambda": Patterns(sync=False, callback=True),
    "mediaconvert": Patterns(sync=True, callback=False),
    "sagemaker": Patterns(sync=True, callback=False),
    "sns": Patterns(sync=False, callback=True),
    "sqs": Patterns(sync=False, callback=True),
    "states": Patterns(sync=True, callback=True),
}

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
# An integration ARN usually has no region or account (arn:aws:states:::sqs:sendMessage), but AWS
# also accepts them filled in (arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject), as
# deployed AWS samples write them (step-functions-workflows-collection's script-generator).
_STATES = re.compile(
    r"arn:[\w-]+:states:[^:]*:[^:]*:(?P<service>[a-z0-9-]+):(?P<action>[A-Za-z0-9.:-]+?)"
    r"(?:\.(?P<pattern>sync(?::2)?|waitForTaskToken))?"
)
_SDK = re.compile(r"(?P<service>[a-z0-9.-]+):(?P<action>[a-z][A-Za-z0-9]*)")
_ACTIVITY = re.compile(r"arn:[\w-]+:states:[^:]+:[^:]+:activity:[^:]+")
# Region and account may be empty: asl-validator's fixtures and a deployed CDK sample
# (sfn-datazone-update-metadata-cdk) write arn:aws:lambda:::function:<name>.
_LAMBDA = re.compile(r"arn:[\w-]+:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?")


def check(ctx: Context) -> None:
    """Check the Resource of every Task state."""
    for ref in ctx.states:
        if ref.body.get("Type") == "Task" and isinstance(ref.body.get("Resource"), str):
            _check_resource(ctx, ref, ref.body["Resource"])


def _check_resource(ctx: Context, ref: StateRef, resource: str) -> None:
    parts = (*ref.parts, "Resource")
    if _PLACEHOLDER.fullmatch(resource):
        return  # a DefinitionSubstitutions placeholder: the value is only known at deploy time
    text = _PLACEHOLDER.sub("X", resource)
    express = ctx.workflow_type == "EXPRESS"
    if _LAMBDA.fullmatch(text):
        return
    if _ACTIVITY.fullmatch(text):
        if express:
            ctx.add("ASL703", parts, "Express workflows do not support activities")
        return
    m = _STATES.fullmatch(text)
    if not m:
        ctx.add(
            "ASL700",
            parts,
            f"Resource {resource!r} is not a Lambda function, activity or service integration ARN",
            "integrations look like arn:aws:states:::lambda:invoke or arn:aws:states:::aws-sdk:s3:getObject",
        )
        return
    service, action, pattern = m.group("service"), m.group("action"), m.group("pattern")
    if service == "aws-sdk":
        sdk = _SDK.fullmatch(action)
        if not sdk:
            ctx.add(
                "ASL700",
                parts,
                f"Resource {resource!r} must look like arn:aws:states:::aws-sdk:<service>:<action>",
            )
            return
        supported = Patterns(sync=False, callback=True)
        label = f"AWS SDK integration {sdk.group('service')}"
    elif service in OPTIMIZED:
        supported = OPTIMIZED[service]
        label = f"the {service} integration"
    else:
        ctx.add(
            "ASL701",
            parts,
            f"{service!r} is not an optimized integration",
            f"call it through the AWS SDK integration: arn:aws:states:::aws-sdk:{service}:<action>",
        )
        return
    sync_ok = supported.sync and (pattern != "sync:2" or service == "states")
    if pattern and pattern.startswith("sync") and not sync_ok:
        ctx.add("ASL702", parts, f"{label} does not support .{pattern}")
        return
    if pattern == "waitForTaskToken" and not supported.callback:
        ctx.add("ASL702", parts, f"{label} does not support .waitForTaskToken")
        return
    if pattern and express:
        ctx.add(
            "ASL703",
            parts,
            f"Express workflows support only request-response integrations, not .{pattern}",
        )
