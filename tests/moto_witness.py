"""moto's Step Functions interpreter as an independent witness: create, start, wait, read back.

The caller starts `mock_aws(config=MOTO_CONFIG)` (and creates any queues or functions first).
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from typing import Any

MOTO_CONFIG: Any = {
    "stepfunctions": {"execute_state_machine": True},
    "lambda": {"use_docker": False},
}


def execute_in_moto(
    definition: dict[str, Any], substitutions: dict[str, str], execution_input: Any
) -> tuple[dict[str, Any], list[str]]:
    """Run one execution to its end; return DescribeExecution's answer and the states entered."""
    import boto3

    document = json.dumps(definition)
    for key, value in substitutions.items():
        document = document.replace("${" + key + "}", value)
    client = boto3.client("stepfunctions", region_name="us-east-1")
    arn = client.create_state_machine(
        name="witness", definition=document, roleArn="arn:aws:iam::123456789012:role/witness"
    )["stateMachineArn"]
    execution = client.start_execution(stateMachineArn=arn, input=json.dumps(execution_input))
    deadline = time.monotonic() + 20
    while True:
        described = client.describe_execution(executionArn=execution["executionArn"])
        if described["status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    events = client.get_execution_history(executionArn=execution["executionArn"])["events"]
    entered = [
        details["name"]
        for event in events
        for key, details in event.items()
        if key == "stateEnteredEventDetails"
    ]
    return described, entered


def echo_functions(*names: str) -> dict[str, str]:
    """Lambda functions `name` in moto (run without Docker, each answers with its event), by
    their placeholder `${nameFunctionArn}`."""
    import boto3

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.py", "def handler(event, context):\n    return event\n")
    role = boto3.client("iam", region_name="us-east-1").create_role(
        RoleName="fn", AssumeRolePolicyDocument="{}"
    )["Role"]["Arn"]
    client = boto3.client("lambda", region_name="us-east-1")
    return {
        f"{name}FunctionArn": client.create_function(
            FunctionName=name,
            Runtime="python3.11",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": archive.getvalue()},
        )["FunctionArn"]
        for name in names
    }
