"""`--aws`: ValidateStateMachineDefinition through boto3, tested with botocore's Stubber."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from flowdsl.validate.aws import AwsUnavailable, aws_problems

DEFINITION = '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'


@pytest.fixture
def client():
    return boto3.client(
        "stepfunctions",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def test_aws_ok(client) -> None:
    with Stubber(client) as stub:
        stub.add_response(
            "validate_state_machine_definition",
            {"result": "OK", "diagnostics": []},
            {"definition": DEFINITION, "type": "STANDARD", "severity": "ERROR"},
        )
        assert aws_problems(DEFINITION, "STANDARD", client=client) == []


def test_aws_diagnostics_become_problems(client) -> None:
    with Stubber(client) as stub:
        stub.add_response(
            "validate_state_machine_definition",
            {
                "result": "FAIL",
                "diagnostics": [
                    {
                        "severity": "ERROR",
                        "code": "MISSING_TRANSITION_TARGET",
                        "message": "Missing 'Next' target: B",
                        "location": "/States/A/Next",
                    }
                ],
            },
            {"definition": DEFINITION, "type": "EXPRESS", "severity": "ERROR"},
        )
        [problem] = aws_problems(DEFINITION, "EXPRESS", client=client)
    assert (problem.code, problem.pointer, problem.message) == (
        "AWS:MISSING_TRANSITION_TARGET",
        "/States/A/Next",
        "Missing 'Next' target: B",
    )


def test_aws_error_is_reported_not_raised_raw(client) -> None:
    with Stubber(client) as stub:
        stub.add_client_error("validate_state_machine_definition", "AccessDeniedException", "no")
        with pytest.raises(AwsUnavailable, match="AccessDeniedException"):
            aws_problems(DEFINITION, client=client)
