"""aws.eks_auth: Amazon EKS Auth."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class EksAuth:
    def assume_role_for_pod_identity(self, *, ClusterName: str, Token: str, EksNodeName: str = ..., InstanceId: str = ..., Zone: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
