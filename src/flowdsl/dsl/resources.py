"""AWS resources declared once in Python; workflow bodies call their integrations as methods.

A resource declared by name becomes a DefinitionSubstitutions placeholder in the generated
definition (`Queue("Orders")` -> `${OrdersQueueUrl}`), whose value template is listed in
`substitutions.json`; a resource declared by literal URL/ARN stays literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from flowdsl.dsl._inert import compiled_only

_ACCOUNT = "${AWS::AccountId}"
_REGION = "${AWS::Region}"
_PARTITION = "${AWS::Partition}"


def _pascal(name: str) -> str:
    words = re.split(r"[^0-9A-Za-z]+", name)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


@dataclass(frozen=True)
class Resource:
    """Base of declared resources: a logical name, or a literal identifier that stays literal."""

    name: str | None = None
    literal: str | None = None
    placeholder_name: str | None = None

    kind: ClassVar[str]
    attribute: ClassVar[str]  # which identifier the integration takes: Url, Arn or Name

    def __post_init__(self) -> None:
        if (self.name is None) == (self.literal is None):
            raise ValueError(f"{type(self).__name__} needs exactly one of a name or a literal")

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
        raise NotImplementedError


class ArnResource(Resource):
    """A resource the integrations name by ARN; `arn=` gives a literal one."""

    attribute = "Arn"

    def __init__(
        self, name: str | None = None, *, arn: str | None = None, placeholder: str | None = None
    ) -> None:
        super().__init__(name, arn, placeholder)


class Function(ArnResource):
    """A Lambda function. Calling it invokes it (`lambda:invoke`) and returns its result."""

    kind = "Function"

    def value_template(self) -> str:
        return f"arn:{_PARTITION}:lambda:{_REGION}:{_ACCOUNT}:function:{self.name}"

    def __call__(self, payload: Any = None, /, **options: Any) -> Any:
        compiled_only("Calling a Function")

    def invoke(self, payload: Any = None, /, **options: Any) -> Any:
        """`lambda:invoke` whose value is the whole Invoke result (StatusCode, Payload,
        ExecutedVersion, FunctionError, ...), not only the function's return value."""
        compiled_only("Function.invoke")


class Queue(Resource):
    """An SQS queue."""

    kind = "Queue"
    attribute = "Url"

    def __init__(
        self, name: str | None = None, *, url: str | None = None, placeholder: str | None = None
    ) -> None:
        super().__init__(name, url, placeholder)

    def value_template(self) -> str:
        return f"https://sqs.{_REGION}.${{AWS::URLSuffix}}/{_ACCOUNT}/{self.name}"

    def send_message(self, **parameters: Any) -> Any:
        """`sqs:sendMessage`; QueueUrl is filled in."""
        compiled_only("Queue.send_message")


class Topic(ArnResource):
    """An SNS topic."""

    kind = "Topic"

    def value_template(self) -> str:
        return f"arn:{_PARTITION}:sns:{_REGION}:{_ACCOUNT}:{self.name}"

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
    ) -> None:
        super().__init__(name, table_name, placeholder)

    def value_template(self) -> str:
        return str(self.name)

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

    def value_template(self) -> str:
        return f"arn:{_PARTITION}:states:{_REGION}:{_ACCOUNT}:stateMachine:{self.name}"

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
    ) -> None:
        super().__init__(name, bus_name, placeholder)

    def value_template(self) -> str:
        return str(self.name)

    def put_events(self, **parameters: Any) -> Any:
        """`events:putEvents`."""
        compiled_only("EventBus.put_events")


class Activity(ArnResource):
    """A Step Functions activity: calling it schedules a task for the activity's workers and
    returns what a worker sends back. Source:
    https://docs.aws.amazon.com/step-functions/latest/dg/concepts-activities.html"""

    kind = "Activity"

    def value_template(self) -> str:
        return f"arn:{_PARTITION}:states:{_REGION}:{_ACCOUNT}:activity:{self.name}"

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
