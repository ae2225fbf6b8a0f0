"""Options for Map states: inline (`map_over`) and distributed (`distributed_map`), and the S3
sources and destinations a Distributed Map reads and writes.

    for key in distributed_map(s3_objects(bucket="logs", prefix="2026/"), max_concurrency=100):
        ...

Source: https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, TypeVar

from flowdsl.dsl._inert import compiled_only

T = TypeVar("T")


def map_over(items: Iterable[T], *, max_concurrency: int | None = None) -> Iterable[T]:
    """Iterate `items` as an inline Map state with options: `for x in map_over(xs, ...)`."""
    compiled_only("map_over()")


def distributed_map(
    items: Any,
    *,
    max_concurrency: int | None = None,
    tolerated_failure_percentage: float | None = None,
    tolerated_failure_count: int | None = None,
    label: str | None = None,
    execution_type: Literal["STANDARD", "EXPRESS"] = "STANDARD",
    batch_size: int | None = None,
    results: Any = None,
) -> Iterable[Any]:
    """Iterate `items` (a list, or an S3 source) as a Distributed Map: each item runs as a child
    workflow execution. With `batch_size`, each iteration gets a list of up to that many items.
    `results=s3_results(...)` writes the results to S3 instead of returning them."""
    compiled_only("distributed_map()")


def s3_objects(*, bucket: str, prefix: str | None = None) -> Any:
    """The objects under a prefix (`s3:listObjectsV2`): one item per object."""
    compiled_only("s3_objects()")


def s3_json(*, bucket: str, key: str) -> Any:
    """The elements of a JSON array stored in one S3 object."""
    compiled_only("s3_json()")


def s3_csv(*, bucket: str, key: str) -> Any:
    """The rows of a CSV object whose first row names the columns: one dict per row."""
    compiled_only("s3_csv()")


def s3_results(*, bucket: str, prefix: str) -> Any:
    """Where a Distributed Map writes its results (`ResultWriter`)."""
    compiled_only("s3_results()")
