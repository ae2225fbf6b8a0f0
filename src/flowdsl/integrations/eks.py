"""Amazon EKS: `eks:createCluster`, `createNodegroup`, `deleteCluster`, `deleteNodegroup`,
`runJob`, `call`.

Source: https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html
(the cluster and node group calls: request-response and .sync; runJob: request-response and
.sync; call: request-response). runJob and call talk to the Kubernetes API and are authorized by
Kubernetes RBAC (the cluster's `aws-auth` ConfigMap), not IAM, so their records grant nothing.
"""

from flowdsl.iam.facts import SYNC, From, Grant, IamFacts, PassRole, arn
from flowdsl.integrations.model import Integration

_DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/connect-eks.html"
_RR_SYNC = frozenset({"request-response", "sync"})
_CLUSTERS = arn("eks", "cluster/*")
_NODEGROUPS = arn("eks", "nodegroup/*")


def _record(
    action: str, operation: str | None, facts: IamFacts, patterns: frozenset[str] = _RR_SYNC
) -> Integration:
    return Integration(
        resource=f"eks:{action}",
        service="eks",
        operation=operation,
        patterns=patterns,
        docs=_DOCS,
        iam=facts,
    )


CREATE_CLUSTER = _record(
    "createCluster",
    "CreateCluster",
    IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("eks:CreateCluster",), ("*",)),
            Grant(("eks:DeleteCluster", "eks:DescribeCluster"), (_CLUSTERS,), SYNC),
        ),
        pass_roles=(PassRole("RoleArn", "eks.amazonaws.com"),),
    ),
)

CREATE_NODEGROUP = _record(
    "createNodegroup",
    "CreateNodegroup",
    IamFacts(
        docs=_DOCS,
        grants=(
            # The docs grant CreateNodegroup on `*`; it takes the cluster's ARN.
            Grant(("ec2:DescribeSubnets",), ("*",)),
            Grant(("eks:CreateNodegroup",), (From("ClusterName", "eks-cluster", _CLUSTERS),)),
            Grant(("eks:DeleteNodegroup", "eks:DescribeNodegroup"), (_NODEGROUPS,), SYNC),
            Grant(
                ("iam:GetRole", "iam:ListAttachedRolePolicies"),
                (arn("iam", "role/*", region=""),),
            ),
        ),
        pass_roles=(PassRole("NodeRole", "eks.amazonaws.com"),),
    ),
)

DELETE_CLUSTER = _record(
    "deleteCluster",
    "DeleteCluster",
    IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("eks:DeleteCluster",), (From("Name", "eks-cluster", _CLUSTERS),)),
            Grant(("eks:DescribeCluster",), (From("Name", "eks-cluster", _CLUSTERS),), SYNC),
        ),
    ),
)

_NODEGROUP = From("NodegroupName", "eks-nodegroup", _NODEGROUPS)
DELETE_NODEGROUP = _record(
    "deleteNodegroup",
    "DeleteNodegroup",
    IamFacts(
        docs=_DOCS,
        grants=(
            Grant(("eks:DeleteNodegroup",), (_NODEGROUP,)),
            Grant(("eks:DescribeNodegroup",), (_NODEGROUP,), SYNC),
        ),
    ),
)

_RBAC = IamFacts(docs=_DOCS, grants=())
RUN_JOB = _record("runJob", None, _RBAC)
CALL = _record("call", None, _RBAC, frozenset({"request-response"}))

RECORDS = (CREATE_CLUSTER, CREATE_NODEGROUP, DELETE_CLUSTER, DELETE_NODEGROUP, RUN_JOB, CALL)
