"""PolicyOptions from a workflow's `[tool.flowdsl.iam.<StateMachineName>]` table in pyproject.toml.

[tool.flowdsl.iam.InventoryStateMachine]
logging = true
tracing = true
resources = { "Check Inventory" = ["arn:aws:sqs:us-east-1:123456789012:Orders"] }
actions = { "List APIs" = ["apigateway:GET"] }
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flowdsl.errors import UsageError
from flowdsl.iam.derive import PolicyOptions

_KEYS = ("logging", "tracing", "resources", "actions")


def policy_options(table: Mapping[str, Any] | None, *, where: str) -> PolicyOptions:
    """Check and convert one workflow's table; `where` names it in error messages."""
    if table is None:
        return PolicyOptions()
    if not isinstance(table, Mapping):
        raise UsageError(f"{where} must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown keys {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    for flag in ("logging", "tracing"):
        if not isinstance(table.get(flag, False), bool):
            raise UsageError(f"{where}.{flag} must be true or false")
    return PolicyOptions(
        logging=table.get("logging", False),
        tracing=table.get("tracing", False),
        resources=_per_state(table.get("resources"), f"{where}.resources"),
        actions=_per_state(table.get("actions"), f"{where}.actions"),
    )


def _per_state(value: Any, where: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise UsageError(f"{where} must be a table of state name = [strings]")
    found: dict[str, list[str]] = {}
    for state, items in value.items():
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise UsageError(f"{where}.{state!r} must be a list of strings")
        found[str(state)] = list(items)
    return found
