"""IAM facts of a Distributed Map: child executions of this state machine, its S3 reader and writer.

Source: "IAM policies for using Distributed Map states":
https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html
The child workflow executions run as this state machine, so the role needs StartExecution on
*itself* and DescribeExecution on its executions; redriving a Map Run needs RedriveExecution on
the child executions, `execution:<name>/<map run label>:*`. flowdsl knows the state machine's
name, so these are exact ARNs with no circular reference between role and state machine.
"""

from __future__ import annotations

from flowdsl.iam.facts import Condition, From, Grant, IamFacts, P, arn

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html"
_ANY_OBJECT = f"arn:{P}:s3:::*"

# `{label}` is the Map's static `Label`, `*` without one.
CHILD_EXECUTIONS = IamFacts(
    docs=_DOCS,
    grants=(
        Grant(("states:StartExecution",), ("{self}",)),
        Grant(("states:DescribeExecution",), (arn("states", "execution:{self_name}:*"),)),
        Grant(("states:RedriveExecution",), (arn("states", "execution:{self_name}/{label}:*"),)),
    ),
)

# ItemReader, by its Resource (`arn:aws:states:::s3:getObject`, ...).
READERS: dict[str, IamFacts] = {
    # A JSON or CSV object, or an S3 inventory manifest: read the object.
    "s3:getObject": IamFacts(
        docs=_DOCS, grants=(Grant(("s3:GetObject",), (From("Key", "s3-object", _ANY_OBJECT),)),)
    ),
    # The objects under a prefix: list the bucket (only that prefix) and read the objects.
    "s3:listObjectsV2": IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                ("s3:ListBucket",),
                (From("Bucket", "s3-bucket", _ANY_OBJECT),),
                conditions=(Condition("StringLike", "s3:prefix", path="Prefix", suffix="*"),),
            ),
            Grant(
                ("s3:GetObject",),
                (From("Prefix", "s3-prefix-glob", _ANY_OBJECT, default=""),),
            ),
        ),
    ),
}

# An S3 inventory manifest lists data files next to it in the same bucket (`.../data/*`).
MANIFEST_DATA = Grant(("s3:GetObject",), (From("Bucket", "s3-bucket-objects", _ANY_OBJECT),))

# ResultWriter: results are written with multipart uploads under `<prefix>/`.
WRITERS: dict[str, IamFacts] = {
    "s3:putObject": IamFacts(
        docs=_DOCS,
        grants=(
            Grant(
                (
                    "s3:AbortMultipartUpload",
                    "s3:GetObject",
                    "s3:ListMultipartUploadParts",
                    "s3:PutObject",
                ),
                (From("Prefix", "s3-prefix", _ANY_OBJECT, default=""),),
            ),
        ),
    ),
}
