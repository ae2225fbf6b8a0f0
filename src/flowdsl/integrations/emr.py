"""Amazon EMR: `elasticmapreduce:addStep`, `cancelStep`, `createCluster`,
`setClusterTerminationProtection`, `modifyInstanceFleetByName`, `modifyInstanceGroupByName`,
`terminateCluster`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-emr.html and its IAM page
https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html (addStep, createCluster and
terminateCluster: request-response and .sync; the rest request-response). Step Functions'
parameter names differ from the EMR API's (`Step` for `Steps`, `ClusterId` for `JobFlowId`), so
no botocore model checks them.
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, PassRole, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/emr-iam.html"
# The page's dynamic form: `arn:aws:elasticmapreduce:*:*:cluster/*`.
_CLUSTER = From(
    "ClusterId", "emr-cluster", arn("elasticmapreduce", "cluster/*", region="*", account="*")
)
_RR = frozenset({"request-response"})
_RR_SYNC = frozenset({"request-response", "sync"})


def _record(
    action: str,
    facts: IamFacts,
    patterns: frozenset[str] = _RR,
) -> Integration:
    return Integration(
        resource=f"elasticmapreduce:{action}",
        service="emr",
        operation=None,
        patterns=patterns,
        docs=_DOCS,
        iam=facts,
    )


def _on_cluster(*actions: str) -> IamFacts:
    return IamFacts(docs=_DOCS, grants=(Grant(actions, (_CLUSTER,)),))


ADD_STEP = _record(
    "addStep",
    IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("elasticmapreduce:AddJobFlowSteps",), (_CLUSTER,)),
            Grant(
                ("elasticmapreduce:CancelSteps", "elasticmapreduce:DescribeStep"),
                (_CLUSTER,),
                SYNC,
            ),
        ),
        sync_rule="StepFunctionsGetEventForEMRAddJobFlowStepsRule",
    ),
    _RR_SYNC,
)
CANCEL_STEP = _record("cancelStep", _on_cluster("elasticmapreduce:CancelSteps"))
# createCluster: the cluster id is not known before RunJobFlow returns (the page grants `*`;
# polling and terminating take the `cluster` type, so `cluster/*`); the service role
# and the EC2 instance profile's role (JobFlowRole; an instance profile named after its role, as
# EMR's default roles are) are passed.
CREATE_CLUSTER = _record(
    "createCluster",
    IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("elasticmapreduce:RunJobFlow",), ("*",)),
            Grant(
                ("elasticmapreduce:DescribeCluster", "elasticmapreduce:TerminateJobFlows"),
                (arn("elasticmapreduce", "cluster/*"),),
                SYNC,
            ),
        ),
        sync_rule="StepFunctionsGetEventForEMRRunJobFlowRule",
        pass_roles=(
            PassRole("ServiceRole", "elasticmapreduce.amazonaws.com"),
            PassRole("JobFlowRole", "ec2.amazonaws.com"),
        ),
    ),
    _RR_SYNC,
)
SET_CLUSTER_TERMINATION_PROTECTION = _record(
    "setClusterTerminationProtection", _on_cluster("elasticmapreduce:SetTerminationProtection")
)
MODIFY_INSTANCE_FLEET_BY_NAME = _record(
    "modifyInstanceFleetByName",
    _on_cluster("elasticmapreduce:ListInstanceFleets", "elasticmapreduce:ModifyInstanceFleet"),
)
MODIFY_INSTANCE_GROUP_BY_NAME = _record(
    "modifyInstanceGroupByName",
    _on_cluster("elasticmapreduce:ListInstanceGroups", "elasticmapreduce:ModifyInstanceGroups"),
)
TERMINATE_CLUSTER = _record(
    "terminateCluster",
    IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("elasticmapreduce:TerminateJobFlows",), (_CLUSTER,)),
            Grant(("elasticmapreduce:DescribeCluster",), (_CLUSTER,), SYNC),
        ),
        sync_rule="StepFunctionsGetEventForEMRTerminateJobFlowsRule",
    ),
    _RR_SYNC,
)

RECORDS = (
    ADD_STEP,
    CANCEL_STEP,
    CREATE_CLUSTER,
    SET_CLUSTER_TERMINATION_PROTECTION,
    MODIFY_INSTANCE_FLEET_BY_NAME,
    MODIFY_INSTANCE_GROUP_BY_NAME,
    TERMINATE_CLUSTER,
)
