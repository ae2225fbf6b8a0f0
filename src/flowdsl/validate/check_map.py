"""Map checks: processor form, Distributed-only fields, execution type, item sources.

Sources: https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html,
https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html,
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html,
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html
"""

from __future__ import annotations

import re

from flowdsl.validate.context import Context, as_dict

DISTRIBUTED_ONLY = (
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "Label",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
)
# ItemReader reads an S3 object or listing; ResultWriter writes an S3 prefix.
_READER = re.compile(r"arn:[\w-]+:states:::s3:(getObject|listObjectsV2)")
_WRITER = re.compile(r"arn:[\w-]+:states:::s3:putObject")


def check(ctx: Context) -> None:
    """Check every Map state."""
    for ref in ctx.states:
        body = ref.body
        if body.get("Type") != "Map":
            continue
        has_processor, has_iterator = "ItemProcessor" in body, "Iterator" in body
        if has_processor == has_iterator:
            message = (
                "a Map cannot have both ItemProcessor and the legacy Iterator"
                if has_processor
                else "a Map needs an ItemProcessor"
            )
            ctx.add("ASL500", ref.parts, message)
        config = as_dict(as_dict(body.get("ItemProcessor")).get("ProcessorConfig"))
        distributed = config.get("Mode") == "DISTRIBUTED"
        if not distributed:
            for key in DISTRIBUTED_ONLY:
                if key in body:
                    ctx.add(
                        "ASL501",
                        (*ref.parts, key),
                        f"{key} is only allowed in a Distributed Map",
                        'set "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}',
                    )
        config_parts = (*ref.parts, "ItemProcessor", "ProcessorConfig")
        if distributed and "ExecutionType" not in config:
            ctx.add(
                "ASL502",
                config_parts,
                "a Distributed Map needs ProcessorConfig.ExecutionType (STANDARD or EXPRESS)",
            )
        if not distributed and "ExecutionType" in config:
            ctx.add(
                "ASL502",
                (*config_parts, "ExecutionType"),
                "ExecutionType is only allowed in a Distributed Map",
            )
        if "ItemSelector" in body and "Parameters" in body:
            ctx.add(
                "ASL503",
                (*ref.parts, "Parameters"),
                "ItemSelector replaces the legacy Parameters; use only ItemSelector",
            )
        for key, pattern, forms in (
            (
                "ItemReader",
                _READER,
                "arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2",
            ),
            ("ResultWriter", _WRITER, "arn:aws:states:::s3:putObject"),
        ):
            resource = as_dict(body.get(key)).get("Resource")
            if (
                isinstance(resource, str)
                and "${" not in resource
                and not pattern.fullmatch(resource)
            ):
                ctx.add(
                    "ASL504",
                    (*ref.parts, key, "Resource"),
                    f"{key} Resource {resource!r} must be {forms}",
                )
