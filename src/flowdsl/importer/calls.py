"""A Task's Resource as the flowdsl call that compiles back to it.

`lambda:invoke` and legacy Lambda ARNs become a declared `Function`; activities an `Activity`;
API operations (optimized or `aws-sdk:`) `aws.<service>.<operation>(...)` spelled as in boto3,
which flowdsl turns back into the same integration; integrations that are no API operation
(`http:invoke`, `apigateway:invoke`, ...) `integration("<resource>", ...)`.
Resource forms: https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html
"""

from __future__ import annotations

import ast
import keyword
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flowdsl.importer.problems import Unsupported
from flowdsl.integrations.model import PATTERN_SUFFIX

_LAMBDA_ARN = re.compile(r"^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:(?P<name>[^:]+)(?::[^:]+)?$")
_ACTIVITY_ARN = re.compile(r"^arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:(?P<name>.+)$")
_PARTITION_PLACEHOLDER = re.compile(r"^arn:\$\{[^}]+\}:states:::")
_STATES_ARN = re.compile(r"^arn:aws[a-z-]*:states:[^:]*:[^:]*:(?P<rest>[a-z0-9-]+:[A-Za-z0-9.:]+)$")


@dataclass
class Declarations:
    """Module-level resources the workflow calls, one variable per distinct ARN."""

    resources: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, arn) -> variable
    imports: set[str] = field(default_factory=set)
    placeholder_types: dict[str, str] = field(default_factory=dict)  # from the template
    guessed: set[str] = field(default_factory=set)  # placeholders taken to be functions by name

    def declare(self, kind: str, arn: str, hint: str) -> str:
        key = (kind, arn)
        if key not in self.resources:
            variable = identifier(hint)
            taken = set(self.resources.values())
            base, n = variable, 2
            while variable in taken:
                variable, n = f"{base}_{n}", n + 1
            self.resources[key] = variable
            self.imports.add(kind)
        return self.resources[key]


@dataclass
class Target:
    """What a Task calls: the callee expression and how its arguments are passed."""

    callee: ast.expr
    style: str  # "payload" (one positional argument) or "keywords" (API parameters)
    pattern: str  # request-response, sync, sync:2, waitForTaskToken
    whole_response_key: str | None = None  # "Payload" for lambda:invoke: fn() returns it


def identifier(text: str) -> str:
    """A snake_case Python name for a state or resource name: `Check Stock` -> `check_stock`."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    name = re.sub(r"[^0-9A-Za-z]+", "_", words).strip("_").lower() or "step"
    if name[0].isdigit():
        name = f"step_{name}"
    return f"{name}_" if keyword.iskeyword(name) else name


def target(resource: str, declarations: Declarations) -> Target:
    """The callee for a Task's `Resource`."""
    lambda_arn = _LAMBDA_ARN.match(resource)
    if lambda_arn:
        variable = declarations.declare("Function", resource, lambda_arn.group("name"))
        return Target(ast.Name(id=variable, ctx=ast.Load()), "payload", "legacy-lambda")
    activity = _ACTIVITY_ARN.match(resource)
    if activity:
        variable = declarations.declare("Activity", resource, activity.group("name"))
        return Target(ast.Name(id=variable, ctx=ast.Load()), "payload", "activity")
    if resource.startswith("${") and resource.endswith("}"):
        kind = _placeholder_kind(resource[2:-1], declarations.placeholder_types)
        if kind is None:
            raise Unsupported(
                f"the Task's Resource is the placeholder {resource}, which names no Lambda "
                "function or activity flowdsl can tell; import the SAM/CloudFormation template "
                "that fills it in, or put the integration's ARN in the definition"
            )
        if kind == "Function?":
            kind = "Function"
            declarations.guessed.add(resource)
        variable = declarations.declare(kind, resource, resource[2:-1])
        style = "legacy-lambda" if kind == "Function" else "activity"
        return Target(ast.Name(id=variable, ctx=ast.Load()), "payload", style)
    rest = _integration_part(resource)
    base, pattern = _split_pattern(rest)
    if base.startswith("aws-sdk:"):
        _, service, action = base.split(":", 2)
        return _sdk(service, action, pattern, declarations)
    from flowdsl.integrations.registry import BY_RESOURCE

    record = BY_RESOURCE.get(base)
    if record is None:
        raise Unsupported(f"flowdsl knows no integration {resource!r}")
    if base == "lambda:invoke":
        return Target(ast.Name(id="__lambda__", ctx=ast.Load()), "lambda", pattern)
    if record.operation:
        from botocore import xform_name

        return _api_call(record.service, xform_name(record.operation), pattern, declarations)
    declarations.imports.add("integration")
    callee = ast.Call(
        func=ast.Name(id="integration", ctx=ast.Load()), args=[ast.Constant(base)], keywords=[]
    )
    return Target(callee, "integration", pattern)


# A placeholder Resource is a Lambda function's or an activity's ARN (integrations are written
# literally); the template says which, or else the name does (`${CheckStockFunctionArn}`).
_FUNCTION_TYPES = (
    "AWS::Lambda::Function",
    "AWS::Serverless::Function",
    "AWS::Lambda::Alias",
    "AWS::Lambda::Version",
)
_ACTIVITY_TYPES = ("AWS::StepFunctions::Activity",)
_NOT_A_FUNCTION = ("action", "queue", "topic", "table", "bucket", "statemachine", "state_machine")


def _placeholder_kind(placeholder: str, types: dict[str, str]) -> str | None:
    known = types.get(placeholder)
    if known in _FUNCTION_TYPES:
        return "Function"
    if known in _ACTIVITY_TYPES:
        return "Activity"
    if known is not None:
        return None
    lowered = placeholder.lower()
    if "activity" in lowered:
        return "Activity"
    if any(word in lowered for word in ("lambda", "function", "fn")):
        return "Function"
    if any(word in lowered for word in _NOT_A_FUNCTION):
        return None
    # A bare ARN placeholder as a Task's Resource is a Lambda function far more often than
    # anything else; the module says so next to the declaration for the reviewer.
    return "Function?"


def _integration_part(resource: str) -> str:
    """`arn:aws:states:::sqs:sendMessage` (or with region and account) -> `sqs:sendMessage`."""
    for prefix in ("arn:aws:states:::", "arn:aws-us-gov:states:::", "arn:aws-cn:states:::"):
        if resource.startswith(prefix):
            return resource[len(prefix) :]
    # A template's `arn:${AWS::Partition}:states:::...` (under any placeholder name): the
    # partition does not change which integration it is.
    placeholder_partition = _PARTITION_PLACEHOLDER.match(resource)
    if placeholder_partition:
        return resource[placeholder_partition.end() :]
    regional = _STATES_ARN.match(resource)
    if regional and not regional.group("rest").startswith(("activity:", "stateMachine:")):
        return regional.group("rest")
    raise Unsupported(f"the Task's Resource {resource!r} is no integration flowdsl knows")


def _split_pattern(rest: str) -> tuple[str, str]:
    for pattern, suffix in sorted(PATTERN_SUFFIX.items(), key=lambda kv: -len(kv[1])):
        if suffix and rest.endswith(suffix):
            return rest[: -len(suffix)], pattern
    return rest, "request-response"


def _sdk(service: str, action: str, pattern: str, declarations: Declarations) -> Target:
    botocore_name = _botocore_service(service)
    if botocore_name is None:
        raise Unsupported(f"botocore knows no AWS SDK service {service!r}")
    from botocore import xform_name

    operation = action[:1].upper() + action[1:]
    return _api_call(botocore_name, xform_name(operation), pattern, declarations)


def _api_call(service: str, operation: str, pattern: str, declarations: Declarations) -> Target:
    declarations.imports.add("aws")
    service_attribute = ast.Attribute(
        value=ast.Name(id="aws", ctx=ast.Load()), attr=service.replace("-", "_"), ctx=ast.Load()
    )
    callee = ast.Attribute(value=service_attribute, attr=operation, ctx=ast.Load())
    return Target(callee, "keywords", pattern)


@cache
def _botocore_service(arn_service: str) -> str | None:
    """An `aws-sdk:<service>` name (the service id in lower case, no spaces) -> botocore's name.

    Most are botocore's name without dashes; the rest (`sfn` is `stepfunctions`) are found by
    reading service ids, which loads models, so only when the quick guess fails."""
    from flowdsl.integrations import api_models

    known = sorted(api_models.known_services())
    for service in known:
        if service.replace("-", "") == arn_service and _service_id(service) == arn_service:
            return service
    return next((s for s in known if _service_id(s) == arn_service), None)


def _service_id(service: str) -> str:
    from flowdsl.integrations import api_models

    try:
        service_id = api_models.service_id(service)
    except (OSError, ValueError, api_models.UnknownService):  # a model botocore cannot read
        return ""
    return service_id.lower().replace(" ", "").replace("-", "")


def keywords(parameters: dict[str, Any], value: Any) -> list[ast.keyword]:
    """API parameters as keyword arguments; `value(key, item, dynamic)` writes each value."""
    out: list[ast.keyword] = []
    for key, item in parameters.items():
        dynamic = key.endswith(".$")
        plain = key[:-2] if dynamic else key
        if not plain.isidentifier() or keyword.iskeyword(plain):
            raise Unsupported(f"the parameter {plain!r} is no Python keyword argument")
        out.append(ast.keyword(arg=plain, value=value(plain, item, dynamic)))
    return out
