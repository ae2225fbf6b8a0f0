"""A Distributed Map's items and options as the `distributed_map(...)` call flowdsl compiles back.

    for obj in distributed_map(s3_objects(bucket="logs", prefix="2026/"), max_concurrency=100):

ItemReader (`s3:listObjectsV2`, `s3:getObject` of a JSON array or of a CSV whose first row names
the columns), ItemBatcher's `MaxItemsPerBatch`, ResultWriter (`s3:putObject`), MaxConcurrency,
ToleratedFailurePercentage/Count, Label and the child ExecutionType; anything else a Distributed
Map says is refused by name.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html,
input-output-itemreader.html, input-output-itembatcher.html, input-output-resultwriter.html
"""

from __future__ import annotations

import ast
from typing import Any

from flowdsl.importer import paths
from flowdsl.importer.paths import Frame
from flowdsl.importer.problems import Unsupported

# Map fields -> distributed_map() keyword; each a literal in the definition.
_OPTIONS = {
    "MaxConcurrency": "max_concurrency",
    "ToleratedFailurePercentage": "tolerated_failure_percentage",
    "ToleratedFailureCount": "tolerated_failure_count",
    "Label": "label",
}
# Fields a Distributed Map may have that flowdsl's distributed_map() does not say.
_NOT_SAID = (
    "MaxConcurrencyPath",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCountPath",
)
_LIST_OBJECTS = "arn:aws:states:::s3:listObjectsV2"
_GET_OBJECT = "arn:aws:states:::s3:getObject"
_PUT_OBJECT = "arn:aws:states:::s3:putObject"


def is_distributed(processor: dict[str, Any]) -> bool:
    config = processor.get("ProcessorConfig") or {}
    return isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED"


def items_call(
    state: dict[str, Any], processor: dict[str, Any], items: ast.expr, frame_in: Frame
) -> tuple[ast.expr, set[str]]:
    """`distributed_map(items or source, options...)` and the flowdsl names it uses."""
    for name in _NOT_SAID:
        if name in state:
            raise Unsupported(f"a Distributed Map with {name} has no flowdsl form yet")
    imports = {"distributed_map"}
    if "ItemReader" in state:
        if "ItemsPath" in state:
            raise Unsupported("a Distributed Map with both ItemReader and ItemsPath")
        items, reader = _reader(state["ItemReader"], frame_in)
        imports.add(reader)
    keywords = [
        ast.keyword(arg=keyword, value=_literal(state[field], field))
        for field, keyword in _OPTIONS.items()
        if field in state
    ]
    config = processor.get("ProcessorConfig") or {}
    execution_type = config.get("ExecutionType", "STANDARD")
    if execution_type not in ("STANDARD", "EXPRESS"):
        raise Unsupported(f"a Distributed Map's ExecutionType {execution_type!r}")
    if execution_type == "EXPRESS":
        keywords.append(ast.keyword(arg="execution_type", value=ast.Constant("EXPRESS")))
    if "ItemBatcher" in state:
        keywords.append(ast.keyword(arg="batch_size", value=_batch_size(state)))
    if "ResultWriter" in state:
        keywords.append(ast.keyword(arg="results", value=_writer(state["ResultWriter"], frame_in)))
        imports.add("s3_results")
    call = ast.Call(func=paths.name("distributed_map"), args=[items], keywords=keywords)
    return call, imports


def batch_argument(state: dict[str, Any], argument: ast.expr) -> ast.expr:
    """A batch reaches each child execution as `{"Items": [...]}` (input-output-itembatcher.html)."""
    if "ItemBatcher" not in state:
        return argument
    return ast.Dict(keys=[ast.Constant("Items")], values=[argument])


def _batch_size(state: dict[str, Any]) -> ast.expr:
    batcher = state["ItemBatcher"]
    if not isinstance(batcher, dict) or set(batcher) != {"MaxItemsPerBatch"}:
        said = ", ".join(sorted(batcher)) if isinstance(batcher, dict) else repr(batcher)
        raise Unsupported(
            f"an ItemBatcher with {said}: flowdsl's batch_size= says MaxItemsPerBatch only"
        )
    if "ItemSelector" in state or "Parameters" in state:
        raise Unsupported("a Distributed Map with both ItemSelector and ItemBatcher")
    return _literal(batcher["MaxItemsPerBatch"], "MaxItemsPerBatch")


def _reader(reader: Any, frame: Frame) -> tuple[ast.expr, str]:
    if not isinstance(reader, dict):
        raise Unsupported("an ItemReader that is no object")
    resource = reader.get("Resource")
    config = reader.get("ReaderConfig") or {}
    parameters = reader.get("Parameters") or {}
    if set(reader) - {"Resource", "ReaderConfig", "Parameters"}:
        extra = ", ".join(sorted(set(reader) - {"Resource", "ReaderConfig", "Parameters"}))
        raise Unsupported(f"an ItemReader with {extra}")
    if resource == _LIST_OBJECTS and not config:
        return _source("s3_objects", parameters, ("Bucket", "Prefix"), ("Bucket",), frame)
    if resource == _GET_OBJECT and config == {"InputType": "JSON"}:
        return _source("s3_json", parameters, ("Bucket", "Key"), ("Bucket", "Key"), frame)
    if resource == _GET_OBJECT and config == {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"}:
        return _source("s3_csv", parameters, ("Bucket", "Key"), ("Bucket", "Key"), frame)
    raise Unsupported(
        f"an ItemReader on {resource!r} with ReaderConfig {config!r}: flowdsl reads "
        "s3_objects (listObjectsV2), s3_json and s3_csv (a CSV whose first row names the columns)"
    )


def _source(
    function: str,
    parameters: Any,
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    frame: Frame,
) -> tuple[ast.expr, str]:
    call = ast.Call(
        func=paths.name(function), args=[], keywords=_keywords(parameters, allowed, required, frame)
    )
    return call, function


def _writer(writer: Any, frame: Frame) -> ast.expr:
    if not isinstance(writer, dict) or set(writer) != {"Resource", "Parameters"}:
        raise Unsupported("a ResultWriter other than s3:putObject with Bucket and Prefix")
    if writer["Resource"] != _PUT_OBJECT:
        raise Unsupported(f"a ResultWriter on {writer['Resource']!r}")
    keywords = _keywords(writer["Parameters"], ("Bucket", "Prefix"), ("Bucket", "Prefix"), frame)
    return ast.Call(func=paths.name("s3_results"), args=[], keywords=keywords)


def _keywords(
    parameters: Any, allowed: tuple[str, ...], required: tuple[str, ...], frame: Frame
) -> list[ast.keyword]:
    """`Bucket`/`Bucket.$` parameters as `bucket=` keywords, in the order flowdsl writes them."""
    if not isinstance(parameters, dict):
        raise Unsupported("S3 parameters that are no object")
    found: dict[str, ast.expr] = {}
    for key, value in parameters.items():
        field = key.removesuffix(".$")
        if field not in allowed:
            raise Unsupported(f"the S3 parameter {field!r} (flowdsl says {', '.join(allowed)})")
        if key.endswith(".$"):
            if not isinstance(value, str):
                raise Unsupported(f"{key} needs a path")
            found[field] = paths.value_of(value, frame)
        elif isinstance(value, str):
            found[field] = ast.Constant(value)
        else:
            raise Unsupported(f"the S3 parameter {field} is no string")
    missing = [f for f in required if f not in found]
    if missing:
        raise Unsupported(f"S3 parameters without {', '.join(missing)}")
    return [ast.keyword(arg=f.lower(), value=found[f]) for f in allowed if f in found]


def _literal(value: Any, field: str) -> ast.expr:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Unsupported(f"{field} {value!r}")
    return ast.Constant(value)
