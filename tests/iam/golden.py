"""Every policy the IAM tests derive, by case name: the input of the witness tests."""

from __future__ import annotations

from functools import cache
from typing import Any

from flowdsl.iam import PolicyOptions, derive_policies
from tests.iam import cases
from tests.iam.seeds import SEEDS


@cache
def golden_warnings() -> dict[str, list[str]]:
    """case name -> the warning messages its derivation printed."""
    return {name: warnings for name, (_, warnings) in _derived().items()}


@cache
def golden_policies() -> dict[str, dict[str, Any]]:
    """case name -> {"role": ..., "trust": ..., "worker": ...}."""
    return {name: documents for name, (documents, _) in _derived().items()}


@cache
def _derived() -> dict[str, tuple[dict[str, Any], list[str]]]:
    inputs: dict[str, tuple[dict[str, Any], dict[str, str], PolicyOptions]] = {
        name: (definition, subs, PolicyOptions()) for name, (definition, subs) in SEEDS.items()
    }
    logged = PolicyOptions(logging=True, tracing=True)
    inputs["EveryIntegration"] = (cases.every_integration(), {}, logged)
    inputs["EveryIntegrationDynamic"] = (cases.every_integration(dynamic=True), {}, logged)
    inputs["Misc"] = (cases.misc(), {}, PolicyOptions())
    inputs["DistributedMap"] = (
        cases.distributed_map(),
        cases.DISTRIBUTED_MAP_SUBSTITUTIONS,
        logged,
    )
    inputs["DistributedMapJsonPath"] = (
        cases.distributed_map(language="JSONPath"),
        cases.DISTRIBUTED_MAP_SUBSTITUTIONS,
        PolicyOptions(),
    )
    found: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for name, (definition, subs, options) in inputs.items():
        policies = derive_policies(
            definition, state_machine_name=name, substitutions=subs, options=options
        )
        documents = {
            "role": policies.role_policy,
            "trust": policies.trust_policy,
            "worker": policies.worker_policy,
        }
        found[name] = (documents, [w.message for w in policies.warnings])
    return found


def permission_policies() -> list[tuple[str, dict[str, Any]]]:
    """(label, document) for each role and worker policy."""
    return [
        (f"{name}.{kind}", documents[kind])
        for name, documents in sorted(golden_policies().items())
        for kind in ("role", "worker")
        if documents[kind] is not None
    ]
