"""Behaviour of policy derivation: dynamic resources, declarations, .sync rules, Distributed Map,
aws-sdk actions, callbacks, activities, logging and tracing, bad input."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl.errors import FlowdslError, UsageError
from flowdsl.iam import (
    PolicyError,
    PolicyOptions,
    UnderivableActionError,
    derive_policies,
)
from flowdsl.integrations.registry import BY_RESOURCE
from tests.iam import cases
from tests.iam.cases import grants

SM = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:"
QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/Orders"
QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:Orders"


def _derive(definition: dict[str, Any], name: str = "Flow", **kwargs: Any) -> Any:
    return derive_policies(definition, state_machine_name=name, **kwargs)


def _statement(policy: dict[str, Any], action: str) -> dict[str, Any]:
    (found,) = [s for s in policy["Statement"] if action in s["Action"]]
    return found


# -- dynamic resources ----------------------------------------------------------------------


def test_a_run_time_queue_gets_star_and_a_warning_naming_state_and_pointer() -> None:
    definition = cases.task(
        "arn:aws:states:::sqs:sendMessage",
        {"QueueUrl": "{% $states.input.queue %}", "MessageBody": "x"},
    )
    policies = _derive(definition)
    assert grants(policies.role_policy) == {("sqs:SendMessage", "*")}
    (warning,) = policies.warnings
    assert warning.state == "Call"
    assert warning.pointer == "/States/Call/Arguments/QueueUrl"
    assert "sqs:SendMessage is granted on *" in warning.message
    assert "PolicyOptions.resources['Call']" in warning.message
    assert "--resource 'Call=<ARN>'" in warning.message


def test_jsonpath_references_are_dynamic_too() -> None:
    definition = cases.task(
        "arn:aws:states:::lambda:invoke", {"FunctionName.$": "$.fn"}, language="JSONPath"
    )
    policies = _derive(definition)
    assert grants(policies.role_policy) == {("lambda:InvokeFunction", "*")}
    assert policies.warnings[0].pointer == "/States/Call/Parameters/FunctionName.$"


def test_a_placeholder_missing_from_the_substitutions_is_dynamic() -> None:
    definition = cases.task("arn:aws:states:::sns:publish", {"TopicArn": "${AlertsTopicArn}"})
    policies = _derive(definition, substitutions={})
    assert grants(policies.role_policy) == {("sns:Publish", "*")}
    assert "${AlertsTopicArn} is not in the substitutions" in policies.warnings[0].message


def test_dynamic_event_bus_gets_the_documented_narrower_wildcard() -> None:
    definition = cases.task(
        "arn:aws:states:::events:putEvents", {"Entries": "{% $states.input.entries %}"}
    )
    policies = _derive(definition)
    assert grants(policies.role_policy) == {
        ("events:PutEvents", "arn:${AWS::Partition}:events:*:*:event-bus/*")
    }


def test_declared_resources_replace_the_wildcard_without_warning() -> None:
    definition = cases.task(
        "arn:aws:states:::sqs:sendMessage", {"QueueUrl": "{% $states.input.queue %}"}
    )
    declared = [QUEUE_ARN, "arn:aws:sns:us-east-1:123456789012:NotForSqs"]
    policies = _derive(definition, options=PolicyOptions(resources={"Call": declared}))
    # Only the declared resources of the action's service are used.
    assert grants(policies.role_policy) == {("sqs:SendMessage", QUEUE_ARN)}
    assert policies.warnings == []


# -- static resources -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "qualifier", "expected"),
    [
        ("fn", None, ["F"]),
        ("fn:prod", None, ["F:prod"]),
        (
            "123456789012:function:fn",
            None,
            ["arn:${AWS::Partition}:lambda:${AWS::Region}:123456789012:function:fn"],
        ),
        (
            "arn:aws:lambda:eu-west-1:123456789012:function:fn:7",
            None,
            ["arn:aws:lambda:eu-west-1:123456789012:function:fn:7"],
        ),
        ("fn", "live", ["F:live"]),
        ("fn", "{% $states.input.version %}", ["F", "F:*"]),
    ],
)
def test_lambda_function_arns_follow_how_the_function_is_named(
    function: str, qualifier: str | None, expected: list[str]
) -> None:
    arguments = {"FunctionName": function}
    if qualifier is not None:
        arguments["Qualifier"] = qualifier
    policies = _derive(cases.task("arn:aws:states:::lambda:invoke", arguments))
    base = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:fn"
    assert _statement(policies.role_policy, "lambda:InvokeFunction")["Resource"] == sorted(
        e.replace("F", base, 1) if e.startswith("F") else e for e in expected
    )


@pytest.mark.parametrize(
    ("url", "arn"),
    [
        (QUEUE, QUEUE_ARN),
        (
            "https://eu-west-1.queue.amazonaws.com/123456789012/Q",
            "arn:aws:sqs:eu-west-1:123456789012:Q",
        ),
        (
            "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/Q",
            "arn:aws-cn:sqs:cn-north-1:123456789012:Q",
        ),
        (
            "https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/Q",
            "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:Q",
        ),
    ],
)
def test_queue_urls_become_queue_arns(url: str, arn: str) -> None:
    policies = _derive(cases.task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": url}))
    assert grants(policies.role_policy) == {("sqs:SendMessage", arn)}


def test_a_malformed_static_value_is_an_error_naming_the_state() -> None:
    definition = cases.task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": "Orders"})
    with pytest.raises(PolicyError, match=r"state 'Call': /States/Call/Arguments/QueueUrl"):
        _derive(definition)


# -- .sync ------------------------------------------------------------------------------------

_RULES = {
    "states:startExecution": "StepFunctionsGetEventsForStepFunctionsExecutionRule",
    "ecs:runTask": "StepFunctionsGetEventsForECSTaskRule",
    "batch:submitJob": "StepFunctionsGetEventsForBatchJobsRule",
    "sagemaker:createTrainingJob": "StepFunctionsGetEventsForSageMakerTrainingJobsRule",
    "sagemaker:createTransformJob": "StepFunctionsGetEventsForSageMakerTransformJobsRule",
    "sagemaker:createHyperParameterTuningJob": "StepFunctionsGetEventsForSageMakerTuningJobsRule",
    # EMR and CodeBuild: `GetEvent`, not `GetEvents` (IAM-RESEARCH.md section 1).
    "elasticmapreduce:addStep": "StepFunctionsGetEventForEMRAddJobFlowStepsRule",
    "elasticmapreduce:createCluster": "StepFunctionsGetEventForEMRRunJobFlowRule",
    "elasticmapreduce:terminateCluster": "StepFunctionsGetEventForEMRTerminateJobFlowsRule",
    "codebuild:startBuild": "StepFunctionsGetEventForCodeBuildStartBuildRule",
    "codebuild:startBuildBatch": "StepFunctionsGetEventForCodeBuildStartBuildBatchRule",
}


@pytest.mark.parametrize("resource", sorted(_RULES))
def test_sync_adds_the_exact_managed_rule(resource: str) -> None:
    rule = f"arn:${{AWS::Partition}}:events:${{AWS::Region}}:${{AWS::AccountId}}:rule/{_RULES[resource]}"
    record = BY_RESOURCE[resource]
    synced = _derive(cases.task(record.resource_arn("sync"), cases.STATIC[resource]))
    assert _statement(synced.role_policy, "events:PutRule") == {
        "Sid": "EventsDescribeRulePutRulePutTargets",
        "Effect": "Allow",
        "Action": ["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        "Resource": [rule],
    }
    plain = _derive(cases.task(record.resource_arn("request-response"), cases.STATIC[resource]))
    assert not any(a.startswith("events:") for a, _ in grants(plain.role_policy))


def test_every_record_with_a_rule_is_tested() -> None:
    assert {r for r, rec in BY_RESOURCE.items() if rec.iam.sync_rule} == set(_RULES)


@pytest.mark.parametrize("suffix", [".sync", ".sync:2"])
def test_nested_sync_execution_polls_executions_not_the_state_machine(suffix: str) -> None:
    definition = cases.task(
        f"arn:aws:states:::states:startExecution{suffix}",
        {"StateMachineArn": "${ChildStateMachineArn}"},
    )
    subs = {"ChildStateMachineArn": SM + "stateMachine:Child"}
    allowed = grants(_derive(definition, substitutions=subs).role_policy)
    assert ("states:StartExecution", SM + "stateMachine:Child") in allowed
    assert ("states:DescribeExecution", SM + "execution:Child:*") in allowed
    assert ("states:StopExecution", SM + "execution:Child:*") in allowed
    assert ("states:DescribeExecution", SM + "stateMachine:Child") not in allowed


# -- Distributed Map --------------------------------------------------------------------------


def test_distributed_map_starts_its_own_state_machine() -> None:
    policies = _derive(
        cases.distributed_map(), "Images", substitutions=cases.DISTRIBUTED_MAP_SUBSTITUTIONS
    )
    allowed = grants(policies.role_policy)
    assert ("states:StartExecution", SM + "stateMachine:Images") in allowed
    assert ("states:DescribeExecution", SM + "execution:Images:*") in allowed
    assert ("states:RedriveExecution", SM + "execution:Images/objects:*") in allowed
    # The reader lists only its prefix; the writer writes under its prefix.
    listing = _statement(policies.role_policy, "s3:ListBucket")
    assert listing["Resource"] == ["arn:${AWS::Partition}:s3:::data-bucket"]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": "incoming/*"}}
    assert ("s3:PutObject", "arn:${AWS::Partition}:s3:::data-bucket/results/*") in allowed
    # The processor's own tasks run under the same role.
    assert (
        "lambda:InvokeFunction",
        "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:resize",
    ) in allowed


def test_distributed_map_inside_parallel_and_in_jsonpath() -> None:
    inner = cases.distributed_map(language="JSONPath")
    definition = {
        "StartAt": "Both",
        "States": {"Both": {"Type": "Parallel", "Branches": [inner], "End": True}},
    }
    nested = _derive(definition, "Images", substitutions=cases.DISTRIBUTED_MAP_SUBSTITUTIONS)
    flat = _derive(
        cases.distributed_map(), "Images", substitutions=cases.DISTRIBUTED_MAP_SUBSTITUTIONS
    )
    assert nested.role_policy == flat.role_policy


def test_an_inline_map_is_not_a_child_workflow() -> None:
    definition = cases.distributed_map()
    processor = definition["States"]["Process Objects"]
    processor["ItemProcessor"]["ProcessorConfig"] = {"Mode": "INLINE"}
    del processor["ItemReader"], processor["ResultWriter"]
    policies = _derive(definition, substitutions=cases.DISTRIBUTED_MAP_SUBSTITUTIONS)
    assert {a for a, _ in grants(policies.role_policy)} == {"lambda:InvokeFunction"}


# -- aws-sdk ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource", "arguments", "expected"),
    [
        ("aws-sdk:s3:listBuckets", None, {("s3:ListAllMyBuckets", "*")}),
        (
            "aws-sdk:sfn:startExecution",
            {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:X"},
            {("states:StartExecution", "arn:aws:states:us-east-1:123456789012:stateMachine:X")},
        ),
        (
            "aws-sdk:lambda:invoke",
            {"FunctionName": "fn"},
            {
                (
                    "lambda:InvokeFunction",
                    "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:fn",
                )
            },
        ),
        (
            "aws-sdk:s3:getObject",
            {"Bucket": "b", "Key": "k.json"},
            {("s3:GetObject", "arn:${AWS::Partition}:s3:::b/k.json")},
        ),
        (
            "aws-sdk:eventbridge:putEvents",
            {"Entries": [{"Detail": "{}"}]},
            {
                (
                    "events:PutEvents",
                    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default",
                )
            },
        ),
    ],
)
def test_aws_sdk_actions_are_derived(
    resource: str, arguments: dict[str, Any] | None, expected: set[tuple[str, str]]
) -> None:
    policies = _derive(cases.task(f"arn:aws:states:::{resource}", arguments))
    assert grants(policies.role_policy) == expected
    assert policies.warnings == []


def test_an_underivable_aws_sdk_action_fails_and_asks_for_a_declaration() -> None:
    definition = cases.task("arn:aws:states:::aws-sdk:apigateway:getRestApis")
    with pytest.raises(UnderivableActionError) as raised:
        _derive(definition)
    message = str(raised.value)
    assert "state 'Call'" in message and "aws-sdk:apigateway:getRestApis" in message
    assert "PolicyOptions(actions={'Call': ['<prefix>:<Action>']})" in message
    assert isinstance(raised.value, UsageError)  # the CLI reports it, exit 2

    declared = PolicyOptions(
        actions={"Call": ["apigateway:GET"]},
        resources={"Call": ["arn:aws:apigateway:us-east-1::/restapis"]},
    )
    policies = _derive(definition, options=declared)
    assert grants(policies.role_policy) == {
        ("apigateway:GET", "arn:aws:apigateway:us-east-1::/restapis")
    }


def test_declared_actions_must_not_be_wildcards() -> None:
    definition = cases.task("arn:aws:states:::aws-sdk:apigateway:getRestApis")
    with pytest.raises(PolicyError, match="without wildcards"):
        _derive(definition, options=PolicyOptions(actions={"Call": ["apigateway:*"]}))


def test_an_unknown_service_is_underivable() -> None:
    with pytest.raises(UnderivableActionError):
        _derive(cases.task("arn:aws:states:::aws-sdk:nosuchservice:doThing"))


# -- callbacks, activities, HTTP, PassRole ------------------------------------------------------


def test_callback_worker_policy_scopes_send_task_to_this_state_machine() -> None:
    definition = cases.task(
        "arn:aws:states:::sns:publish.waitForTaskToken",
        {"TopicArn": "arn:aws:sns:us-east-1:123456789012:Approvals"},
    )
    policies = _derive(definition, "Approvals")
    # SNS pushes to subscribers: nothing to receive, only the answer.
    assert grants(policies.worker_policy) == {
        (f"states:{a}", SM + "stateMachine:Approvals")
        for a in ("SendTaskFailure", "SendTaskHeartbeat", "SendTaskSuccess")
    }


def test_activities_only_gets_the_documented_deny_all_role_and_an_activity_worker() -> None:
    activity = "arn:aws:states:us-east-1:123456789012:activity:Approval"
    policies = _derive(cases.task(activity))
    assert policies.role_policy["Statement"] == [
        {"Sid": "DenyAll", "Effect": "Deny", "Action": "*", "Resource": "*"}
    ]
    assert grants(policies.worker_policy) == {
        (f"states:{a}", activity)
        for a in ("GetActivityTask", "SendTaskFailure", "SendTaskHeartbeat", "SendTaskSuccess")
    }


def test_http_task_conditions_on_method_and_endpoint() -> None:
    arguments = dict(cases.STATIC["http:invoke"])
    policies = _derive(cases.task("arn:aws:states:::http:invoke", arguments), "Payments")
    invoke = _statement(policies.role_policy, "states:InvokeHTTPEndpoint")
    assert invoke["Resource"] == [SM + "stateMachine:Payments"]
    assert invoke["Condition"] == {
        "StringEquals": {"states:HTTPMethod": "POST"},
        "StringLike": {"states:HTTPEndpoint": "https://api.example.com/v1/orders*"},
    }
    secret = _statement(policies.role_policy, "secretsmanager:GetSecretValue")
    assert secret["Resource"] == [
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/example/*"
    ]
    arguments["ApiEndpoint"] = "{% $states.input.url %}"
    dynamic = _derive(cases.task("arn:aws:states:::http:invoke", arguments), "Payments")
    condition = _statement(dynamic.role_policy, "states:InvokeHTTPEndpoint")["Condition"]
    assert condition == {"StringEquals": {"states:HTTPMethod": "POST"}}


def test_pass_role_is_conditioned_on_the_service_it_is_passed_to() -> None:
    policies = _derive(
        cases.task(
            "arn:aws:states:::sagemaker:createTrainingJob.sync",
            cases.STATIC["sagemaker:createTrainingJob"],
        )
    )
    assert _statement(policies.role_policy, "iam:PassRole") == {
        "Sid": "IamPassRole",
        "Effect": "Allow",
        "Action": ["iam:PassRole"],
        "Resource": ["arn:aws:iam::123456789012:role/SageMaker"],
        "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
    }


def test_ecs_task_definition_roles_are_declared_for_pass_role() -> None:
    definition = cases.task("arn:aws:states:::ecs:runTask.sync", {"TaskDefinition": "worker"})
    warned = _derive(definition)
    assert "declare their role ARNs" in warned.warnings[0].message
    role = "arn:aws:iam::123456789012:role/WorkerTask"
    declared = _derive(definition, options=PolicyOptions(resources={"Call": [role]}))
    assert declared.warnings == []
    assert ("iam:PassRole", role) in grants(declared.role_policy)
    assert (
        "ecs:RunTask",
        "arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/worker:*",
    ) in grants(declared.role_policy)


# -- logging, tracing, trust, determinism -------------------------------------------------------


def test_logging_and_tracing_add_exactly_the_documented_actions() -> None:
    definition = cases.task(QUEUE_ARN.replace("sqs", "lambda").replace("Orders", "function:f"))
    base = {a for a, _ in grants(_derive(definition).role_policy)}
    both = _derive(definition, options=PolicyOptions(logging=True, tracing=True))
    added = {a for a, _ in grants(both.role_policy)} - base
    assert added == {
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
        "xray:GetSamplingRules",
        "xray:GetSamplingTargets",
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
    }


def test_same_bytes_under_any_hash_seed() -> None:
    script = (
        "import json; from tests.iam import cases; from flowdsl.iam import derive_policies;"
        "p = derive_policies(cases.every_integration(), state_machine_name='All');"
        "print(json.dumps([p.role_policy, p.worker_policy]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "12345")
    }
    assert len(outputs) == 1


def test_sids_are_unique_and_statements_sorted() -> None:
    policy = _derive(cases.every_integration(), "All").role_policy
    sids = [s["Sid"] for s in policy["Statement"]]
    assert len(sids) == len(set(sids))
    for statement in policy["Statement"]:
        assert statement["Action"] == sorted(set(statement["Action"]))
        assert statement["Resource"] == sorted(set(statement["Resource"]))


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "name", "error"),
    [
        ({"StartAt": "A"}, "Flow", "no States"),
        ([], "Flow", "no States"),
        (cases.task("arn:aws:states:::lambda:invoke"), "bad name!", "not a state machine name"),
        (cases.task("arn:aws:states:::nosuch:thing"), "Flow", "no IAM facts"),
        (cases.task("arn:aws:lambda:${Region}:1:function:f"), "Flow", "cannot be resolved"),
        (cases.task("not-an-arn"), "Flow", "neither a service integration"),
    ],
)
def test_bad_input_is_a_usage_error(definition: Any, name: str, error: str) -> None:
    with pytest.raises(UsageError, match=error):
        _derive(definition, name)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "Type",
                    "Resource",
                    "Arguments",
                    "Parameters",
                    "States",
                    "Branches",
                    "ItemProcessor",
                    "QueueUrl",
                    "FunctionName",
                    "Entries",
                    "ItemReader",
                    "ProcessorConfig",
                    "Mode",
                    "Label",
                    "Task",
                    "Map",
                    "DISTRIBUTED",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(states=st.dictionaries(st.text(max_size=5), _json, max_size=3))
def test_arbitrary_definitions_never_raise_anything_but_flowdsl_errors(states: Any) -> None:
    with contextlib.suppress(FlowdslError):
        _derive({"States": states})


@settings(max_examples=100, deadline=None)
@given(
    resource=st.sampled_from(sorted(BY_RESOURCE)),
    arguments=st.dictionaries(
        st.sampled_from(
            [
                "QueueUrl",
                "FunctionName",
                "TableName",
                "StateMachineArn",
                "Entries",
                "TaskDefinition",
                "ApiEndpoint",
                "ModelId",
                "ClusterId",
                "Id",
            ]
        ),
        st.text(max_size=12) | st.lists(st.text(max_size=5), max_size=2),
        max_size=3,
    ),
)
def test_arbitrary_arguments_never_crash(resource: str, arguments: dict[str, Any]) -> None:
    with contextlib.suppress(FlowdslError):
        _derive(cases.task(f"arn:aws:states:::{resource}", arguments))


def test_policies_are_json() -> None:
    policies = _derive(cases.every_integration(dynamic=True), "All")
    json.dumps([policies.role_policy, policies.trust_policy, policies.worker_policy])


def test_resources_given_as_placeholders_resolve_to_lambda_and_activity_arns() -> None:
    definition = cases.task("${LegacyFunctionArn}")
    subs = {"LegacyFunctionArn": SM.replace("states", "lambda") + "function:legacy"}
    policies = _derive(definition, substitutions=subs)
    assert grants(policies.role_policy) == {("lambda:InvokeFunction", subs["LegacyFunctionArn"])}
    activity = {"ApprovalActivityArn": SM + "activity:Approval"}
    worker = _derive(cases.task("${ApprovalActivityArn}"), substitutions=activity).worker_policy
    assert ("states:GetActivityTask", SM + "activity:Approval") in grants(worker)


def test_cross_account_tasks_only_assume_the_target_role() -> None:
    definition = cases.task(
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken", {"QueueUrl": QUEUE}
    )
    target = "arn:aws:iam::210987654321:role/Sender"
    definition["States"]["Call"]["Credentials"] = {"RoleArn": target}
    policies = _derive(definition)
    assert grants(policies.role_policy) == {("sts:AssumeRole", target)}
    (warning,) = policies.warnings
    assert warning.pointer == "/States/Call/Credentials"
    assert "grant sqs:SendMessage in that role's policy" in warning.message
    # The worker still answers this state machine.
    assert any(a == "states:SendTaskSuccess" for a, _ in grants(policies.worker_policy))


def test_declared_actions_are_written_as_aws_spells_them() -> None:
    definition = cases.task("arn:aws:states:::aws-sdk:apigateway:getRestApis")
    options = PolicyOptions(
        actions={"Call": ["athena:startqueryexecution"]}, resources={"Call": ["*"]}
    )
    policies = _derive(definition, options=options)
    assert grants(policies.role_policy) == {("athena:StartQueryExecution", "*")}


def test_policy_options_from_pyproject_tables() -> None:
    from flowdsl.iam.config import policy_options

    options = policy_options(
        {"logging": True, "resources": {"Call": [QUEUE_ARN]}, "actions": {"X": ["s3:GetObject"]}},
        where="[tool.flowdsl.iam.Flow]",
    )
    assert options == PolicyOptions(
        logging=True, resources={"Call": [QUEUE_ARN]}, actions={"X": ["s3:GetObject"]}
    )
    assert policy_options(None, where="x") == PolicyOptions()
    for bad, message in [
        ({"logs": True}, "unknown keys logs"),
        ({"tracing": "yes"}, "tracing must be true or false"),
        ({"resources": {"Call": "arn"}}, "must be a list of strings"),
        ({"actions": ["s3:GetObject"]}, "must be a table"),
        ("nope", "must be a table"),
    ]:
        with pytest.raises(UsageError, match=message):
            policy_options(bad, where="[tool.flowdsl.iam.Flow]")  # type: ignore[arg-type]


def test_sdk_listing_a_bucket_is_conditioned_on_its_prefix() -> None:
    definition = cases.task(
        "arn:aws:states:::aws-sdk:s3:listObjectsV2", {"Bucket": "logs", "Prefix": "2026/"}
    )
    statement = _statement(_derive(definition).role_policy, "s3:ListBucket")
    assert statement["Resource"] == ["arn:${AWS::Partition}:s3:::logs"]
    assert statement["Condition"] == {"StringLike": {"s3:prefix": "2026/*"}}


_ODD_BLOCKS = [
    None,
    1,
    "x",
    [],
    {},
    {"Resource": 5},
    {"Resource": "arn:aws:states:::s3:getObject", "Arguments": [1]},
    {"Resource": "arn:aws:states:::s3:getObject", "Arguments": "{% $x %}"},
    {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket.$": "$.b"}},
    {"Resource": "arn:aws:states:::s3:putObject", "ReaderConfig": 5},
    {"Resource": "arn:aws:states:::s3:putObject", "Arguments": {"Bucket": 5, "Prefix": ["a"]}},
]


@pytest.mark.parametrize("reader", _ODD_BLOCKS)
@pytest.mark.parametrize("writer", _ODD_BLOCKS[::2])
def test_odd_distributed_map_blocks_never_crash(reader: Any, writer: Any) -> None:
    state: dict[str, Any] = {
        "Type": "Map",
        "Label": {"not": "a string"},
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED"},
            "StartAt": "P",
            "States": {"P": {"Type": "Pass", "End": True}},
        },
    }
    for key, block in (("ItemReader", reader), ("ResultWriter", writer)):
        if block is not None:
            state[key] = block
    with contextlib.suppress(FlowdslError):
        policies = _derive({"StartAt": "M", "States": {"M": state}})
        assert ("states:StartExecution", SM + "stateMachine:Flow") in grants(policies.role_policy)


def test_declarations_for_unknown_states_are_warned_about() -> None:
    definition = cases.task("arn:aws:states:::aws-sdk:s3:listBuckets")
    policies = _derive(definition, options=PolicyOptions(resources={"Cal": [QUEUE_ARN]}))
    assert [w.message for w in policies.warnings] == [
        "resources are declared for 'Cal', which is no state"
    ]


def test_files_names_each_document() -> None:
    callback = cases.task("arn:aws:states:::sqs:sendMessage.waitForTaskToken", {"QueueUrl": QUEUE})
    assert list(_derive(callback).files()) == [
        "role-policy.json",
        "trust-policy.json",
        "worker-policy.json",
    ]
    plain = cases.task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": QUEUE})
    assert list(_derive(plain).files()) == ["role-policy.json", "trust-policy.json"]


def test_http_task_connection_in_invocation_config_gets_its_permissions() -> None:
    arguments = dict(cases.STATIC["http:invoke"])
    connection = arguments.pop("Authentication")
    arguments["InvocationConfig"] = connection
    policies = _derive(cases.task("arn:aws:states:::http:invoke", arguments), "Payments")
    retrieve = _statement(policies.role_policy, "events:RetrieveConnectionCredentials")
    assert retrieve["Resource"] == [connection["ConnectionArn"]]
    secret = _statement(policies.role_policy, "secretsmanager:GetSecretValue")
    assert secret["Resource"] == [
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection/example/*"
    ]
    assert set(secret["Action"]) == {
        "secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue",
    }


# -- placeholders and wildcards in resources ----------------------------------------------------


def test_placeholder_resource_gets_the_function_wildcard_and_a_warning() -> None:
    policies = _derive(cases.task("${CheckStockFunctionArn}", {"Payload": {}}))
    invoke = _statement(policies.role_policy, "lambda:InvokeFunction")
    assert invoke["Resource"] == [SM.replace(":states:", ":lambda:") + "function:*"]
    (warning,) = policies.warnings
    assert warning.pointer == "/States/Call/Resource"
    assert "${CheckStockFunctionArn} has no value" in warning.message
    # with its value, the exact function and no warning
    exact = "arn:aws:lambda:us-east-1:123456789012:function:checkStock"
    known = _derive(
        cases.task("${CheckStockFunctionArn}", {"Payload": {}}),
        substitutions={"CheckStockFunctionArn": exact},
    )
    assert _statement(known.role_policy, "lambda:InvokeFunction")["Resource"] == [exact]
    assert known.warnings == []


def test_placeholder_activity_resource_goes_to_the_worker_policy() -> None:
    policies = _derive(cases.task("${ReviewActivityArn}"))
    assert policies.worker_policy is not None
    poll = _statement(policies.worker_policy, "states:GetActivityTask")
    assert poll["Resource"] == [SM + "activity:*"]
    assert len(policies.warnings) == 1


@pytest.mark.parametrize(
    ("resource", "arguments"),
    [
        ("arn:aws:states:::lambda:invoke", {"FunctionName": "*"}),
        (
            "arn:aws:states:::sqs:sendMessage",
            {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/*", "MessageBody": "x"},
        ),
        ("arn:aws:lambda:*:123456789012:function:f", None),
        ("arn:aws:lambda:us-east-1:*:function:f", None),
    ],
)
def test_a_literal_star_in_a_resource_is_an_error(resource: str, arguments: Any) -> None:
    with pytest.raises(PolicyError, match="contains '\\*'"):
        _derive(cases.task(resource, arguments))


def test_policy_cli_warns_for_a_placeholder_resource(tmp_path: Any) -> None:
    path = tmp_path / "legacy.asl.json"
    path.write_text(json.dumps(cases.task("${CheckStockFunctionArn}", {"Payload": {}})))
    done = subprocess.run(
        [sys.executable, "-m", "flowdsl.cli.main", "policy", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "warning: state 'Call'" in done.stderr and "function:*" in done.stdout


@pytest.mark.parametrize(
    ("resource", "arguments", "objects"),
    [
        (
            "aws-sdk:rekognition:detectLabels",
            {"Image": {"S3Object": {"Bucket": "photos", "Name": "cat.jpg"}}},
            ["photos/cat.jpg"],
        ),
        (
            "aws-sdk:rekognition:compareFaces",
            {
                "SourceImage": {"S3Object": {"Bucket": "a", "Name": "1.jpg"}},
                "TargetImage": {"S3Object": {"Bucket": "b", "Name": "2.jpg"}},
            },
            ["a/1.jpg", "b/2.jpg"],
        ),
        (
            "aws-sdk:textract:startDocumentAnalysis",
            {
                "DocumentLocation": {"S3Object": {"Bucket": "docs", "Name": "in.pdf"}},
                "FeatureTypes": ["TABLES"],
            },
            ["docs/in.pdf"],
        ),
    ],
)
def test_an_sdk_call_reading_an_s3_object_gets_s3_get_object_on_it(
    resource: str, arguments: dict[str, Any], objects: list[str]
) -> None:
    policies = _derive(cases.task(f"arn:aws:states:::{resource}", arguments))
    read = _statement(policies.role_policy, "s3:GetObject")
    assert read["Resource"] == [f"arn:${{AWS::Partition}}:s3:::{o}" for o in objects]
    assert policies.warnings == []


S3 = "arn:${AWS::Partition}:s3:::"
GLUE_TABLES = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:table/*"


def test_athena_writes_results_only_where_the_state_says() -> None:
    # connect-athena.html grants every S3 action on arn:aws:s3:::*; a named OutputLocation
    # narrows the writes to it, while the data the query reads stays on every bucket.
    arguments = {
        "QueryString": "SELECT * FROM sales.orders",
        "WorkGroup": "analytics",
        "QueryExecutionContext": {"Database": "sales"},
        "ResultConfiguration": {"OutputLocation": "s3://query-results/athena/"},
    }
    policies = _derive(cases.task("arn:aws:states:::athena:startQueryExecution.sync", arguments))
    allowed = grants(policies.role_policy)
    assert ("s3:PutObject", S3 + "query-results/athena/*") in allowed
    assert ("s3:AbortMultipartUpload", S3 + "query-results/athena/*") in allowed
    assert ("s3:ListBucketMultipartUploads", S3 + "query-results") in allowed
    assert not any(a == "s3:PutObject" and r == S3 + "*" for a, r in allowed)
    assert ("s3:GetObject", S3 + "*") in allowed  # the tables' data: named in Glue, not here
    assert ("glue:GetTable", GLUE_TABLES) in allowed  # the query may name any database
    assert ("lakeformation:GetDataAccess", "*") in allowed
    assert policies.warnings == []


def test_athena_without_a_results_location_writes_where_its_workgroup_says() -> None:
    policies = _derive(
        cases.task("arn:aws:states:::athena:startQueryExecution", {"QueryString": "SELECT 1"})
    )
    assert ("s3:PutObject", S3 + "*") in grants(policies.role_policy)
    assert policies.warnings == []


def test_athena_results_location_known_at_run_time_is_granted_with_a_warning() -> None:
    arguments = {
        "QueryString": "SELECT 1",
        "ResultConfiguration": {"OutputLocation": "{% $states.input.results %}"},
    }
    policies = _derive(cases.task("arn:aws:states:::athena:startQueryExecution", arguments))
    assert ("s3:PutObject", S3 + "*") in grants(policies.role_policy)
    assert any("OutputLocation" in w.message for w in policies.warnings)


def test_athena_results_location_must_be_an_s3_uri() -> None:
    arguments = {"QueryString": "SELECT 1", "ResultConfiguration": {"OutputLocation": "bucket"}}
    with pytest.raises(PolicyError, match="s3://bucket/prefix"):
        _derive(cases.task("arn:aws:states:::athena:startQueryExecution", arguments))


def test_an_s3_object_named_at_run_time_is_granted_with_a_warning() -> None:
    image = {"S3Object": {"Bucket": "photos", "Name": "{% $states.input.key %}"}}
    policies = _derive(
        cases.task("arn:aws:states:::aws-sdk:rekognition:detectText", {"Image": image})
    )
    assert _statement(policies.role_policy, "s3:GetObject")["Resource"] == [
        "arn:${AWS::Partition}:s3:::*"
    ]
    assert any("s3:GetObject" in w.message for w in policies.warnings)
