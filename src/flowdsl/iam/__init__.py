"""Least-privilege IAM derived from an ASL definition: role, trust and callback-worker policies.

Imports are lazy: integration records import `flowdsl.iam.facts`, and the deriver imports the
integration registry, so this package's root must not import either eagerly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flowdsl.iam.derive import Policies, PolicyOptions, PolicyWarning, derive_policies
    from flowdsl.iam.errors import PolicyError, UnderivableActionError

__all__ = [
    "Policies",
    "PolicyError",
    "PolicyOptions",
    "PolicyWarning",
    "UnderivableActionError",
    "derive_policies",
]

_WHERE = {
    "Policies": "flowdsl.iam.derive",
    "PolicyOptions": "flowdsl.iam.derive",
    "PolicyWarning": "flowdsl.iam.derive",
    "derive_policies": "flowdsl.iam.derive",
    "PolicyError": "flowdsl.iam.errors",
    "UnderivableActionError": "flowdsl.iam.errors",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(module), name)
