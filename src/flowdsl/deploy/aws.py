"""The one part of deploy with side effects: CloudFormation through boto3.

Credentials and region come from boto3's standard chain (environment, shared config, SSO,
instance roles), and `AWS_ENDPOINT_URL` is honoured, as everywhere in boto3 1.28+. A stack is
changed only through a change set, so nothing happens that was not shown first:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-changesets.html
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from flowdsl.errors import UsageError

# Everything botocore raises for an AWS call that did not work out.
AWS_ERRORS = (ClientError, BotoCoreError, ResponseParserError)

# Stack states in which a change set can be made (CREATE for the first two) and the states that
# end an operation: "Stack status codes",
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html
_CREATE_AGAIN = {"REVIEW_IN_PROGRESS"}
_DONE = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"}
_FAILED = {
    "CREATE_FAILED",
    "ROLLBACK_COMPLETE",
    "ROLLBACK_FAILED",
    "UPDATE_ROLLBACK_COMPLETE",
    "UPDATE_ROLLBACK_FAILED",
    "UPDATE_FAILED",
    "DELETE_FAILED",
    "DELETE_COMPLETE",
}
# What CloudFormation (and moto) say when a change set would change nothing.
_NO_CHANGES = ("didn't contain changes", "No updates are to be performed")


@dataclass(frozen=True)
class Deployed:
    """A stack as it is now: its status, template and parameters."""

    status: str
    template: dict[str, Any]
    parameters: dict[str, str]


@dataclass(frozen=True)
class ResourceChange:
    """One resource a change set adds, modifies or removes."""

    action: str
    logical_id: str
    resource_type: str
    replacement: bool

    def __str__(self) -> str:
        replaced = " (replaced)" if self.replacement else ""
        return f"{self.action} {self.logical_id} ({self.resource_type}){replaced}"


@dataclass(frozen=True)
class Outcome:
    """How an execution ended: ok, the failing resources with their reasons, the outputs."""

    ok: bool
    failures: list[str]
    outputs: dict[str, str]


class CloudFormation:
    """A CloudFormation client for one region."""

    def __init__(
        self, region: str | None, *, poll_seconds: float = 2.0, timeout_seconds: float = 3600.0
    ) -> None:
        import boto3

        try:
            session = boto3.session.Session(region_name=region)
            credentials = session.get_credentials()
        except BotoCoreError as exc:
            raise UsageError(f"cannot read the AWS configuration: {exc}") from None
        if credentials is None:
            raise UsageError(
                "no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY, or run `aws configure` / `aws sso login`"
            )
        if not session.region_name:
            raise UsageError("no AWS region: pass --region REGION or set AWS_REGION")
        self.region: str = session.region_name
        self.client = session.client("cloudformation")
        self.poll_seconds = poll_seconds
        # Waiting is bounded: CloudFormation's own default stack timeout is none at all.
        self.timeout_seconds = timeout_seconds

    def deployed(self, stack: str) -> Deployed | None:
        """The stack now, or None when there is none (or only a never-executed change set)."""
        try:
            found = self.client.describe_stacks(StackName=stack)["Stacks"][0]
        except ClientError as exc:
            if "does not exist" in str(exc):
                return None
            raise
        if found["StackStatus"] in _CREATE_AGAIN:
            return None
        body = self.client.get_template(StackName=stack, TemplateStage="Original")
        template = body["TemplateBody"]
        if isinstance(template, str):
            template = json.loads(template)
        parameters = {
            p["ParameterKey"]: p.get("ParameterValue", "") for p in found.get("Parameters", [])
        }
        return Deployed(found["StackStatus"], dict(template), parameters)

    def change_set(
        self, stack: str, body: str, parameters: dict[str, str], *, create: bool
    ) -> tuple[str, list[ResourceChange]] | None:
        """Create a change set and wait for it: its id and the resource changes, or None when
        it would change nothing (the change set is then deleted)."""
        name = f"flowdsl-{int(time.time() * 1000)}"
        try:
            created = self.client.create_change_set(
                StackName=stack,
                ChangeSetName=name,
                ChangeSetType="CREATE" if create else "UPDATE",
                TemplateBody=body,
                Parameters=[
                    {"ParameterKey": k, "ParameterValue": v} for k, v in sorted(parameters.items())
                ],
                Capabilities=["CAPABILITY_IAM"],
                Description="flowdsl deploy",
            )
        except ClientError as exc:
            if any(text in str(exc) for text in _NO_CHANGES):
                return None
            raise
        change_set = created["Id"]
        deadline = time.monotonic() + self.timeout_seconds
        while True:
            found = self.client.describe_change_set(ChangeSetName=change_set, StackName=stack)
            if found["Status"] not in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
                break
            if time.monotonic() > deadline:
                raise ChangeSetFailed(f"not ready after {self.timeout_seconds:.0f} s")
            time.sleep(self.poll_seconds)
        if found["Status"] == "FAILED":
            reason = found.get("StatusReason", "")
            if any(text in reason for text in _NO_CHANGES):
                self.client.delete_change_set(ChangeSetName=change_set, StackName=stack)
                return None
            raise ChangeSetFailed(reason)
        changes = [
            ResourceChange(
                c["ResourceChange"].get("Action", "?"),
                c["ResourceChange"].get("LogicalResourceId", "?"),
                c["ResourceChange"].get("ResourceType", "?"),
                c["ResourceChange"].get("Replacement") == "True",
            )
            for c in found.get("Changes", [])
            if "ResourceChange" in c
        ]
        return change_set, changes

    def execute(
        self,
        stack: str,
        change_set: str,
        changes: list[ResourceChange],
        progress: Callable[[str], None],
    ) -> Outcome:
        """Execute the change set and wait, reporting each new stack event."""
        seen = {e["EventId"] for e in self._events(stack)}
        new: list[dict[str, Any]] = []
        try:
            self.client.execute_change_set(ChangeSetName=change_set, StackName=stack)
        except AWS_ERRORS as exc:
            # CloudFormation reports a failing resource through stack events; an emulator that
            # applies the change set synchronously (moto) fails the call itself.
            return Outcome(False, [self._unfinished(stack, changes, message(exc))], {})
        deadline = time.monotonic() + self.timeout_seconds
        while True:
            status = self._status(stack)
            for event in reversed(self._events(stack)):
                if event["EventId"] not in seen:
                    seen.add(event["EventId"])
                    new.append(event)
                    progress(_describe_event(event))
            if status in _DONE or status in _FAILED:
                break
            if time.monotonic() > deadline:
                waited = f"still {status} after {self.timeout_seconds:.0f} s"
                return Outcome(False, [f"stack {stack}: {waited} (CloudFormation carries on)"], {})
            time.sleep(self.poll_seconds)
        if status in _DONE:
            return Outcome(True, [], self._outputs(stack))
        failures = [
            _describe_event(event)
            for event in new
            if event["ResourceStatus"].endswith("_FAILED") and event.get("ResourceStatusReason")
        ]
        return Outcome(False, failures or [f"stack {stack}: {status}"], {})

    def _status(self, stack: str) -> str:
        status: str = self.client.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"]
        return status

    def _events(self, stack: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = self.client.describe_stack_events(StackName=stack)[
            "StackEvents"
        ]
        return events

    def _outputs(self, stack: str) -> dict[str, str]:
        found = self.client.describe_stacks(StackName=stack)["Stacks"][0]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in found.get("Outputs", [])}
        if "StateMachineArn" not in outputs:  # an emulator without Outputs: ask the resource
            try:
                detail = self.client.describe_stack_resource(
                    StackName=stack, LogicalResourceId="StateMachine"
                )["StackResourceDetail"]
                outputs["StateMachineArn"] = detail["PhysicalResourceId"]
            except AWS_ERRORS:
                pass
        return outputs

    def _unfinished(self, stack: str, changes: list[ResourceChange], reason: str) -> str:
        """The resources of the change set that did not complete, with the reason. When the
        stack's resources cannot be listed, every resource the change set was changing."""
        try:
            listed = self.client.list_stack_resources(StackName=stack)["StackResourceSummaries"]
            done = {
                r["LogicalResourceId"] for r in listed if r["ResourceStatus"].endswith("_COMPLETE")
            }
        except AWS_ERRORS:
            done = set()
        pending = [
            f"{c.logical_id} ({c.resource_type})"
            for c in changes
            if c.action != "Remove" and c.logical_id not in done
        ]
        return f"while changing {', '.join(pending) or stack}: {reason}"


class ChangeSetFailed(Exception):
    """CloudFormation refused the change set (its reason is the message)."""


def message(exc: Exception) -> str:
    """What AWS said: the error's message, not botocore's wrapping of it."""
    error = getattr(exc, "response", {}).get("Error", {})
    if error.get("Message"):
        return str(error["Message"])
    # An endpoint answering an XML API in JSON (moto, for some errors) leaves botocore with the
    # raw body; its "message" is the reason.
    found = re.search(r'"message": "((?:[^"\\]|\\.)*)"', str(exc))
    return found.group(1).replace("\\'", "'") if found else str(exc)


def _describe_event(event: dict[str, Any]) -> str:
    reason = event.get("ResourceStatusReason")
    return (
        f"{event['LogicalResourceId']} ({event.get('ResourceType', '')}) "
        f"{event['ResourceStatus']}" + (f": {reason}" if reason else "")
    )
