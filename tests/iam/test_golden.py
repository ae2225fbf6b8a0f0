"""Golden policies of every integration and pattern (static and dynamic), Distributed Map and
the other resource forms, with the warnings each derivation prints."""

from __future__ import annotations

import pytest

from tests.iam.golden import golden_policies, golden_warnings
from tests.iam.seeds import SEEDS

CASES = sorted(set(golden_policies()) - set(SEEDS))


@pytest.mark.parametrize("name", CASES)
def test_golden_policies(name: str, snapshot_json) -> None:  # type: ignore[no-untyped-def]
    assert {**golden_policies()[name], "warnings": golden_warnings()[name]} == snapshot_json


def test_jsonata_and_jsonpath_give_the_same_policies() -> None:
    jsonata = golden_policies()["DistributedMap"]["role"]["Statement"]
    jsonpath = golden_policies()["DistributedMapJsonPath"]["role"]["Statement"]
    names = ("DistributedMap", "DistributedMapJsonPath")
    logging = [s for s in jsonata if not s["Action"][0].startswith(("logs:", "xray:"))]
    assert [str(s).replace(names[0], names[1]) for s in logging] == [str(s) for s in jsonpath]
