"""Input and output shapes of AWS API operations, read lazily from the models botocore ships.

Only the JSON files are read (about 10 ms per service); botocore itself is never imported here,
so a compile that touches three services pays for three files and nothing else.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import orjson


@dataclass(frozen=True)
class OperationShape:
    """The members of an operation's input (with the required ones) and of its output."""

    operation: str
    input_members: dict[str, dict[str, Any]]
    required: frozenset[str]
    output_members: dict[str, dict[str, Any]]
    shapes: dict[str, Any]

    def member_type(self, member: str) -> str | None:
        shape_name = self.input_members.get(member, {}).get("shape")
        shape = self.shapes.get(shape_name, {}) if shape_name else {}
        kind = shape.get("type")
        return kind if isinstance(kind, str) else None


class UnknownService(LookupError):
    pass


class UnknownOperation(LookupError):
    def __init__(self, operation: str, known: list[str]) -> None:
        super().__init__(operation)
        self.known = known


@cache
def _data_dir() -> Path:
    spec = find_spec("botocore")
    if spec is None or not spec.submodule_search_locations:
        raise UnknownService("botocore is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def service_model(service: str) -> dict[str, Any]:
    """The newest API version of `service`'s model (botocore's own directory layout)."""
    service_dir = _data_dir() / service
    if not service_dir.is_dir():
        raise UnknownService(service)
    for version in sorted((p for p in service_dir.iterdir() if p.is_dir()), reverse=True):
        for name in ("service-2.json.gz", "service-2.json"):
            path = version / name
            if path.exists():
                raw = (
                    gzip.decompress(path.read_bytes())
                    if name.endswith(".gz")
                    else path.read_bytes()
                )
                model: dict[str, Any] = orjson.loads(raw)  # twice as fast as json.loads
                return model
    raise UnknownService(service)


@cache
def service_id(service: str) -> str:
    """The model's `metadata.serviceId` (`SFN` for stepfunctions), read from the head of its
    file: the metadata comes first, so finding one service among all costs no whole model."""
    service_dir = _data_dir() / service
    versions = sorted((p for p in service_dir.iterdir() if p.is_dir()), reverse=True)
    for version in versions:
        for name in ("service-2.json.gz", "service-2.json"):
            path = version / name
            if path.exists():
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rb") as handle:
                    head = handle.read(16384).decode("utf-8", "replace")
                found = re.search(r'"serviceId"\s*:\s*"([^"]+)"', head)
                if found:
                    return found.group(1)
                return str(service_model(service)["metadata"].get("serviceId", service))
    raise UnknownService(service)


@cache
def known_services() -> tuple[str, ...]:
    """botocore's service directories, listed once per process (not once per SDK call)."""
    return tuple(sorted(p.name for p in _data_dir().iterdir() if p.is_dir()))


@cache
def operation_shape(service: str, operation: str) -> OperationShape:
    model = service_model(service)
    operations = model.get("operations", {})
    op = operations.get(operation)
    if op is None:
        raise UnknownOperation(operation, sorted(operations))
    shapes = model.get("shapes", {})

    def members(ref: dict[str, Any] | None) -> tuple[dict[str, dict[str, Any]], list[str]]:
        if not ref:
            return {}, []
        shape = shapes.get(ref.get("shape", ""), {})
        return dict(shape.get("members", {})), list(shape.get("required", []))

    input_members, required = members(op.get("input"))
    output_members, _ = members(op.get("output"))
    return OperationShape(operation, input_members, frozenset(required), output_members, shapes)
