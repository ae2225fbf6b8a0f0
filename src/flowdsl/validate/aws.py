"""Ask AWS itself: ValidateStateMachineDefinition through boto3 (needs credentials)."""

from __future__ import annotations

from typing import Any

from flowdsl.validate.problem import Problem


class AwsUnavailable(Exception):
    """AWS could not be asked (no credentials, no region, network or API error)."""


def aws_problems(text: str, workflow_type: str = "STANDARD", client: Any = None) -> list[Problem]:
    """The errors and warnings AWS reports for a definition, as Problems with code `AWS:<code>`."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        if client is None:
            import boto3
            from botocore.config import Config

            # Fail in seconds, not minutes, when AWS cannot be reached.
            config = Config(connect_timeout=10, read_timeout=30, retries={"max_attempts": 2})
            client = boto3.client("stepfunctions", config=config)
        response = client.validate_state_machine_definition(
            definition=text, type=workflow_type.upper(), severity="ERROR"
        )
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise AwsUnavailable(
            f"AWS rejected the request: {error.get('Code')}: {error.get('Message')}"
        ) from None
    except BotoCoreError as exc:
        raise AwsUnavailable(f"cannot call AWS: {exc}") from None
    problems = []
    for diagnostic in response.get("diagnostics", []):
        location = diagnostic.get("location") or ""
        severity = diagnostic.get("severity", "ERROR")
        message = diagnostic.get("message", "")
        if severity != "ERROR":
            message = f"({severity.lower()}) {message}"
        problems.append(
            Problem(f"AWS:{diagnostic.get('code', 'UNKNOWN')}", location, None, message)
        )
    return problems
