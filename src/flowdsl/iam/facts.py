"""The IAM facts of one service integration: what a Task needs, as data the deriver reads.

An integration record's `iam=` field holds an `IamFacts`. Resources are ARN templates in
CloudFormation `Sub` syntax; a `From` derives ARNs from a parameter of the state (a queue URL
becomes the queue ARN, ...), with the narrowest documented wildcard for values known only at run
time. Tokens in templates: `{self}` is this state machine's ARN, `{self_name}` its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Partition, region and account as CloudFormation pseudo parameters: generated policies carry no
# account ids, like the definitions' DefinitionSubstitutions.
P = "${AWS::Partition}"
R = "${AWS::Region}"
A = "${AWS::AccountId}"

ALL_PATTERNS: frozenset[str] = frozenset({"request-response", "sync", "sync:2", "waitForTaskToken"})
SYNC: frozenset[str] = frozenset({"sync", "sync:2"})
NOT_SYNC: frozenset[str] = frozenset({"request-response", "waitForTaskToken"})


def arn(service: str, resource: str, *, region: str = R, account: str = A) -> str:
    """`arn(sqs, Orders)` -> `arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:Orders`."""
    return f"arn:{P}:{service}:{region}:{account}:{resource}"


@dataclass(frozen=True, slots=True)
class From:
    """ARNs derived from the state's parameter at `path` by the converter named `arn`.

    `path` is dotted; `[]` walks a list (`Entries[].EventBusName`). `dynamic` is what is granted
    when the value is only known at run time; `default` stands in for an absent parameter (the
    service's default, e.g. the `default` event bus); without one an absent parameter grants
    nothing (an optional role override that is not used).
    """

    path: str
    arn: str
    dynamic: str | tuple[str, ...] = "*"
    default: str | None = None

    @property
    def wildcards(self) -> tuple[str, ...]:
        return (self.dynamic,) if isinstance(self.dynamic, str) else self.dynamic


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition on a grant, `operator: {key: value}`; `path` takes the value from a static
    parameter (the condition is left out when that parameter is dynamic or absent)."""

    operator: str
    key: str
    value: str | None = None
    path: str | None = None
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Grant:
    """`actions` on `resources`, for the integration patterns listed in `patterns`."""

    actions: tuple[str, ...]
    resources: tuple[str | From, ...]
    patterns: frozenset[str] = ALL_PATTERNS
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class PassRole:
    """The integration passes the role at `path` to `service` (`iam:PassedToService`)."""

    path: str
    service: str
    patterns: frozenset[str] = ALL_PATTERNS


@dataclass(frozen=True, slots=True)
class IamFacts:
    """Everything the execution role and a callback worker need for one integration.

    `sync_rule` is the EventBridge managed rule Step Functions creates for `.sync` (its exact,
    inconsistent name); `worker` is what whoever answers a `.waitForTaskToken` request needs to
    receive it (empty when the service pushes the request, as SNS, EventBridge and Lambda do).
    """

    docs: str
    grants: tuple[Grant, ...]
    sync_rule: str | None = None
    pass_roles: tuple[PassRole, ...] = ()
    worker: tuple[Grant, ...] = ()
    notes: tuple[str, ...] = field(default=())
