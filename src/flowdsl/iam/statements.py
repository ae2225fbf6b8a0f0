"""Policy documents from permissions: merged, sorted, deduplicated, with content-derived Sids.

One statement per (service, condition, resource set): every action of a service that is granted
on exactly the same resources under the same condition shares a statement, so a reviewer reads
one line per thing the workflow touches. Output is the same bytes for the same permissions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flowdsl.errors import InternalError
from flowdsl.iam.facts import A, P, R

VERSION = "2012-10-17"


@dataclass(frozen=True, slots=True)
class Permission:
    """Actions on resources, under an optional condition (kept as canonical JSON)."""

    actions: tuple[str, ...]
    resources: tuple[str, ...]
    condition: str = ""


def condition_key(condition: dict[str, dict[str, Any]] | None) -> str:
    return json.dumps(condition, sort_keys=True) if condition else ""


def state_machine_arn(name: str) -> str:
    return f"arn:{P}:states:{R}:{A}:stateMachine:{name}"


def policy(permissions: Iterable[Permission]) -> dict[str, Any]:
    """The permission policy document for `permissions`."""
    granted: dict[tuple[str, str], set[str]] = {}
    for permission in permissions:
        for action in permission.actions:
            if "*" in action or "?" in action:
                raise InternalError(f"wildcard action {action!r} in a derived policy")
            granted.setdefault((permission.condition, action), set()).update(permission.resources)
    groups: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    for (condition, action), resources in granted.items():
        scoped = _uncovered(resources)
        service = action.split(":", 1)[0]
        groups.setdefault((service, condition, scoped), []).append(action)
    statements: list[dict[str, Any]] = []
    for (_, condition, scoped_resources), actions in sorted(
        groups.items(), key=lambda kv: (kv[0][0], sorted(kv[1])[0], kv[0][2], kv[0][1])
    ):
        statement: dict[str, Any] = {
            "Effect": "Allow",
            "Action": sorted(set(actions)),
            "Resource": list(scoped_resources),
        }
        if condition:
            statement["Condition"] = json.loads(condition)
        statements.append(statement)
    return {"Version": VERSION, "Statement": _with_sids(statements)}


def _pattern(resource: str) -> re.Pattern[str]:
    # IAM resource wildcards: `*` any run of characters, `?` one character.
    return re.compile(
        ".*".join(".".join(map(re.escape, p.split("?"))) for p in resource.split("*"))
    )


def _uncovered(resources: set[str]) -> tuple[str, ...]:
    """The resources no other (wildcard) resource of the same action already covers."""
    if "*" in resources:
        return ("*",)
    wild = [(r, _pattern(r)) for r in resources if "*" in r or "?" in r]
    kept = [r for r in resources if not any(w != r and p.fullmatch(r) for w, p in wild)]
    return tuple(sorted(kept))


def _pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^0-9A-Za-z]+", text) if w)


def _with_sids(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sids from the service and actions (`SqsSendMessage`); repeats get 2, 3, ... in order."""
    seen: dict[str, int] = {}
    named: list[dict[str, Any]] = []
    for statement in statements:
        actions = statement["Action"]
        service = actions[0].split(":", 1)[0]
        names = [a.split(":", 1)[1] for a in actions]
        words = names if len(names) <= 3 else [names[0], f"And{len(names) - 1}More"]
        base = _pascal(service) + "".join(_pascal(w) for w in words)
        seen[base] = seen.get(base, 0) + 1
        sid = base if seen[base] == 1 else f"{base}{seen[base]}"
        named.append({"Sid": sid, **statement})
    return named


def deny_all() -> dict[str, Any]:
    """The policy the docs give a state machine that calls no service (only activities, or no
    tasks at all): https://docs.aws.amazon.com/step-functions/latest/dg/auth-and-access-control-sfn.html"""
    return {
        "Version": VERSION,
        "Statement": [{"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}],
    }


def trust_policy(name: str) -> dict[str, Any]:
    """The execution role's trust policy: Step Functions may assume it only for this state
    machine in this account (the confused-deputy conditions of
    https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html)."""
    return {
        "Version": VERSION,
        "Statement": [
            {
                "Sid": "StepFunctionsAssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": "states.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "ArnLike": {"aws:SourceArn": state_machine_arn(name)},
                    "StringEquals": {"aws:SourceAccount": A},
                },
            }
        ],
    }


# CloudWatch Logs delivery: these actions "do not support Resource types", so `*`.
# https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
LOGGING = Permission(
    (
        "logs:CreateLogDelivery",
        "logs:CreateLogStream",
        "logs:DeleteLogDelivery",
        "logs:DescribeLogGroups",
        "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutLogEvents",
        "logs:PutResourcePolicy",
        "logs:UpdateLogDelivery",
    ),
    ("*",),
)

# X-Ray tracing: https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html
TRACING = Permission(
    (
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
    ),
    ("*",),
)
