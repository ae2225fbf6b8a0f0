"""AWS resources declared once in Python; workflow bodies call their integrations as methods.

A resource declared by name becomes a DefinitionSubstitutions placeholder in the generated
definition (`Queue("Orders")` -> `${OrdersQueueUrl}`), whose value template is listed in
`substitutions.json`; a resource declared by literal URL/ARN stays literal.

`ref=` binds a named resource to the resource of that logical ID in the CloudFormation stack
the workflow is deployed into (a SAM template, a CDK app): the definition then gets its value from
`Ref`/`Fn::GetAtt` and the policies name it through the same references, so they follow the
physical names the stack generates. Return values per resource type: the CloudFormation template
reference, "Return values" of AWS::SQS::Queue, AWS::Lambda::Function, AWS::SNS::Topic,
AWS::DynamoDB::Table, AWS::StepFunctions::StateMachine, AWS::Events::EventBus,
AWS::StepFunctions::Activity:
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from flowdsl.dsl._inert import compiled_only

_ACCOUNT = "${AWS::AccountId}"
_REGION = "${AWS::Region}"
_PARTITION = "${AWS::Partition}"
# A CloudFormation logical ID: "The logical ID must be alphanumeric (A-Za-z0-9)".
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/resources-section-structure.html
_LOGICAL_ID = re.compile(r"[A-Za-z0-9]{1,255}")


def _pascal(name: str) -> str:
    words = re.split(r"[^0-9A-Za-z]+", name)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


@dataclass(frozen=True)
class StackBinding:
    """A placeholder bound to a resource of the user's stack by its logical ID."""

    logical_id: str
    # The DefinitionSubstitutions value: `Ref` of the resource (None) or `Fn::GetAtt` of this
    # attribute, whichever gives the identifier the integration takes.
    attribute: str | None
    # The placeholder's value in `Sub` syntax with the resource's name as `${Id}`/`${Id.Attr}`,
    # from which the policies derive the resource's ARN.
    value_template: str

    def definition_value(self) -> dict[str, Any]:
        if self.attribute is None:
            return {"Ref": self.logical_id}
        return {"Fn::GetAtt": [self.logical_id, self.attribute]}


@dataclass(frozen=True)
class Resource:
    """Base of declared resources: a logical name, or a literal identifier that stays literal."""

    name: str | None = None
    literal: str | None = None
    placeholder_name: str | None = None
    ref: str | None = None

    kind: ClassVar[str]
    attribute: ClassVar[str]  # which identifier the integration takes: Url, Arn or Name
    # `Fn::GetAtt` attribute giving that identifier; None when `Ref` gives it.
    ref_attribute: ClassVar[str | None] = None
    # `Fn::GetAtt` attribute giving the resource's name; None when `Ref` gives it.
    name_attribute: ClassVar[str | None] = None

    def __post_init__(self) -> None:
        if (self.name is None) == (self.literal is None):
            raise ValueError(f"{type(self).__name__} needs exactly one of a name or a literal")
        if self.ref is not None:
            kind = type(self).__name__
            if self.literal is not None:
                raise ValueError(
                    f"{kind}: a literal identifier stays literal and cannot also be bound with "
                    f"ref=; write {kind}({self.literal!r}) or {kind}('Name', ref={self.ref!r})"
                )
            if not isinstance(self.ref, str) or not _LOGICAL_ID.fullmatch(self.ref):
                raise ValueError(
                    f"{kind}: ref={self.ref!r} is not a CloudFormation logical ID "
                    "(1-255 letters and digits), e.g. ref='OrdersQueue'"
                )

    def binding(self) -> StackBinding | None:
        """How the placeholder is filled inside the stack that defines `ref`; None if unbound."""
        if self.ref is None:
            return None
        name = self.ref if self.name_attribute is None else f"{self.ref}.{self.name_attribute}"
        return StackBinding(self.ref, self.ref_attribute, self.template("${" + name + "}"))

    @property
    def placeholder(self) -> str | None:
        """The substitution key, e.g. `OrdersQueueUrl`; None for a literal resource."""
        if self.literal is not None:
            return None
        assert self.name is not None
        if self.placeholder_name:
            return self.placeholder_name
        base = _pascal(self.name)
        # `Queue("OrdersQueue")` -> OrdersQueueUrl, not OrdersQueueQueueUrl.
        kind = "" if base.endswith(self.kind) else self.kind
        return f"{base}{kind}{self.attribute}"

    @property
    def reference(self) -> str:
        """What the definition holds: `${OrdersQueueUrl}` or the literal."""
        if self.literal is not None:
            return self.literal
        return "${" + str(self.placeholder) + "}"

    def value_template(self) -> str:
        """The placeholder's value in CloudFormation `Sub` syntax, for substitutions.json."""
        return self.template(str(self.name))

    def template(self, name: str) -> str:
        """The identifier of the resource called `name` (itself possibly `${...}`) in `Sub` syntax."""
        raise NotImplementedError


class ArnResource(Resource):
    """A resource the integrations name by ARN; `arn=` gives a literal one."""

    attribute = "Arn"

    def __init__(
        self,
        name: str | None = None,
        *,
        arn: str | None = None,
        placeholder: str | None = None,
        ref: str | None = None,
    ) -> None:
        super().__init__(name, arn, placeholder, ref)


class Function(ArnResource):
    """A Lambda function. Calling it invokes it (`lambda:invoke`) and returns its result."""

    kind = "Function"
    ref_attribute = "Arn"  # Ref gives the function name

    def template(self, name: str) -> str:
        return f"arn:{_PARTITION}:lambda:{_REGION}:{_ACCOUNT}:function:{name}"

    def __call__(self, payload: Any = None, /, **options: Any) -> Any:
        compiled_only("Calling a Function")

    def invoke(self, payload: Any = None, /, **options: Any) -> Any:
        """`lambda:invoke` whose value is the whole Invoke result (StatusCode, Payload,
        ExecutedVersion, FunctionError, ...), not only the function's return value."""
        compiled_only("Function.invoke")


class Queue(Resource):
    """An SQS queue."""

    kind = "Queue"
    name_attribute = "QueueName"  # Ref gives the queue URL
    attribute = "Url"

    def __init__(
        self,
        name: str | None = None,
        *,
        url: str | None = None,
        placeholder: str | None = None,
        ref: str | None = None,
    ) -> None:
        super().__init__(name, url, placeholder, ref)

    def template(self, name: str) -> str:
        return f"https://sqs.{_REGION}.${{AWS::URLSuffix}}/{_ACCOUNT}/{name}"

    def send_message(self, **parameters: Any) -> Any:
        """`sqs:sendMessage`; QueueUrl is filled in."""
        compiled_only("Queue.send_message")


class Topic(ArnResource):
    """An SNS topic."""

    kind = "Topic"
    name_attribute = "TopicName"  # Ref gives the topic ARN

    def template(self, name: str) -> str:
        return f"arn:{_PARTITION}:sns:{_REGION}:{_ACCOUNT}:{name}"

    def publish(self, **parameters: Any) -> Any:
        """`sns:publish`; TopicArn is filled in."""
        compiled_only("Topic.publish")


class Table(Resource):
    """A DynamoDB table."""

    kind = "Table"
    attribute = "Name"

    def __init__(
        self,
        name: str | None = None,
        *,
        table_name: str | None = None,
        placeholder: str | None = None,
        ref: str | None = None,
    ) -> None:
        super().__init__(name, table_name, placeholder, ref)

    def template(self, name: str) -> str:
        return name

    def get_item(self, **parameters: Any) -> Any:
        """`dynamodb:getItem`; TableName is filled in."""
        compiled_only("Table.get_item")

    def put_item(self, **parameters: Any) -> Any:
        """`dynamodb:putItem`; TableName is filled in."""
        compiled_only("Table.put_item")

    def update_item(self, **parameters: Any) -> Any:
        """`dynamodb:updateItem`; TableName is filled in."""
        compiled_only("Table.update_item")

    def delete_item(self, **parameters: Any) -> Any:
        """`dynamodb:deleteItem`; TableName is filled in."""
        compiled_only("Table.delete_item")


class StateMachine(ArnResource):
    """Another state machine, started with `states:startExecution`."""

    kind = "StateMachine"
    name_attribute = "Name"  # Ref gives the state machine ARN

    def template(self, name: str) -> str:
        return f"arn:{_PARTITION}:states:{_REGION}:{_ACCOUNT}:stateMachine:{name}"

    def start_execution(self, **parameters: Any) -> Any:
        """`states:startExecution`; StateMachineArn is filled in."""
        compiled_only("StateMachine.start_execution")


class EventBus(Resource):
    """An EventBridge event bus; `put_events` fills EventBusName of every entry."""

    kind = "EventBus"
    attribute = "Name"

    def __init__(
        self,
        name: str | None = None,
        *,
        bus_name: str | None = None,
        placeholder: str | None = None,
        ref: str | None = None,
    ) -> None:
        super().__init__(name, bus_name, placeholder, ref)

    def template(self, name: str) -> str:
        return name

    def put_events(self, **parameters: Any) -> Any:
        """`events:putEvents`."""
        compiled_only("EventBus.put_events")


class Activity(ArnResource):
    """A Step Functions activity: calling it schedules a task for the activity's workers and
    returns what a worker sends back. Source:
    https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html"""

    kind = "Activity"
    name_attribute = "Name"  # Ref gives the activity ARN

    def template(self, name: str) -> str:
        return f"arn:{_PARTITION}:states:{_REGION}:{_ACCOUNT}:activity:{name}"

    def __call__(self, task_input: Any = None, /, **options: Any) -> Any:
        compiled_only("Calling an Activity")


# Method name -> integration record resource form, per resource class. The compiler reads this
# table; the methods above only exist so that flows type check and editors complete them.
METHODS: dict[type[Resource], dict[str, str]] = {
    Function: {"__call__": "lambda:invoke", "invoke": "lambda:invoke"},
    Queue: {"send_message": "sqs:sendMessage"},
    Topic: {"publish": "sns:publish"},
    Table: {
        "get_item": "dynamodb:getItem",
        "put_item": "dynamodb:putItem",
        "update_item": "dynamodb:updateItem",
        "delete_item": "dynamodb:deleteItem",
    },
    StateMachine: {"start_execution": "states:startExecution"},
    EventBus: {"put_events": "events:putEvents"},
}
