"""Derive the execution role, trust and callback-worker policies of a state machine from its ASL.

The facts live in tables (each integration record's `iam=`, `distributed_map.py`,
`sdk_actions.py`); this module walks the states, nested Parallel branches and Map processors
included, reads each state's parameters, and applies the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flowdsl.errors import UsageError
from flowdsl.iam import distributed_map, sdk_actions, statements
from flowdsl.iam.arns import DynamicSibling, convert, split_arn
from flowdsl.iam.errors import PolicyError, UnderivableActionError, WildcardResourceError
from flowdsl.iam.facts import SYNC, Condition, From, Grant, IamFacts, P, arn
from flowdsl.iam.statements import Permission, condition_key, state_machine_arn
from flowdsl.iam.values import Parameters, Value, pointer_token, resolve_text


@dataclass(frozen=True)
class PolicyOptions:
    """What the definition cannot say: logging and tracing, and per state (by name) the resources
    a dynamic parameter may name and the IAM actions of an aws-sdk call flowdsl cannot derive."""

    logging: bool = False
    tracing: bool = False
    resources: Mapping[str, Sequence[str]] = field(default_factory=dict)
    actions: Mapping[str, Sequence[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PolicyWarning:
    """A permission wider than the workflow may need, with how to narrow it."""

    state: str
    pointer: str
    message: str

    def format(self) -> str:
        where = f" ({self.pointer})" if self.pointer else ""
        return f"warning: state {self.state!r}{where}: {self.message}"


@dataclass
class Policies:
    """The execution role's permission and trust policies, the callback worker's policy (None
    when nothing waits for a task token or an activity), and the warnings."""

    role_policy: dict[str, Any]
    trust_policy: dict[str, Any]
    worker_policy: dict[str, Any] | None
    warnings: list[PolicyWarning]

    def files(self) -> dict[str, dict[str, Any]]:
        """The documents by their file name in `generated/<name>/` (key order is final)."""
        found = {"role-policy.json": self.role_policy, "trust-policy.json": self.trust_policy}
        if self.worker_policy is not None:
            found["worker-policy.json"] = self.worker_policy
        return found


_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
_WHOLE_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")
_INTEGRATION = re.compile(r"arn:[a-z-]+:states:::(?P<rest>.+)")
_SDK = re.compile(
    r"aws-sdk:(?P<service>[a-z0-9.-]+):(?P<api>[A-Za-z0-9]+)(?P<cb>\.waitForTaskToken)?"
)
_SEND_TASK = ("states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess")
_EVENTS_RULE = ("events:DescribeRule", "events:PutRule", "events:PutTargets")


def derive_policies(
    definition: dict[str, Any],
    *,
    state_machine_name: str,
    substitutions: dict[str, str] | None = None,
    options: PolicyOptions | None = None,
) -> Policies:
    """The policies the state machine `state_machine_name` with this definition needs."""
    if not _NAME.fullmatch(state_machine_name):
        raise UsageError(
            f"{state_machine_name!r} is not a state machine name "
            "(1-80 letters, digits, '-' and '_')"
        )
    if not isinstance(definition, dict) or not isinstance(definition.get("States"), dict):
        raise PolicyError("the definition has no States object")
    deriver = _Deriver(state_machine_name, substitutions or {}, options or PolicyOptions())
    seen: set[str] = set()
    for name, state, pointer in walk(definition):
        seen.add(name)
        try:
            deriver.state(name, state, pointer)
        except PolicyError as exc:
            exc.state = exc.state or name  # so the compiler can point at the Python line
            raise
    for kind, declared in (
        ("resources", deriver.options.resources),
        ("actions", deriver.options.actions),
    ):
        for name in sorted(set(declared) - seen):
            # A declaration for a state that does not exist is most likely a typo.
            deriver.warn(name, "", f"{kind} are declared for {name!r}, which is no state")
    if deriver.options.logging:
        deriver.role.append(statements.LOGGING)
    if deriver.options.tracing:
        deriver.role.append(statements.TRACING)
    return Policies(
        role_policy=statements.policy(deriver.role) if deriver.role else statements.deny_all(),
        trust_policy=statements.trust_policy(state_machine_name),
        worker_policy=statements.policy(deriver.worker) if deriver.worker else None,
        warnings=deriver.warnings,
    )


def walk(definition: Mapping[str, Any], pointer: str = "") -> Iterator[tuple[str, dict, str]]:
    """Every state with its JSON pointer, nested Parallel branches and Map processors included."""
    states = definition.get("States")
    if not isinstance(states, dict):
        return
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        here = f"{pointer}/States/{pointer_token(name)}"
        yield str(name), state, here
        branches = state.get("Branches")
        for index, branch in enumerate(branches if isinstance(branches, list) else []):
            if isinstance(branch, dict):
                yield from walk(branch, f"{here}/Branches/{index}")
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), dict):
                yield from walk(state[key], f"{here}/{key}")


class _Deriver:
    """Collects permissions and warnings state by state."""

    def __init__(self, name: str, substitutions: Mapping[str, str], options: PolicyOptions):
        self.name = name
        self.machine = state_machine_arn(name)
        self.substitutions = substitutions
        self.options = options
        self.role: list[Permission] = []
        self.worker: list[Permission] = []
        self.warnings: list[PolicyWarning] = []

    # -- states -------------------------------------------------------------------------------

    def state(self, name: str, state: dict[str, Any], pointer: str) -> None:
        kind = state.get("Type")
        if kind == "Task":
            self.task(name, state, pointer)
        elif kind == "Map" and _is_distributed(state):
            self.distributed_map(name, state, pointer)

    def task(self, name: str, state: dict[str, Any], pointer: str) -> None:
        raw = state.get("Resource")
        if not isinstance(raw, str):
            raise PolicyError(f"state {name!r}: a Task needs a Resource string")
        resource, reason = resolve_text(raw, self.substitutions)
        whole = _WHOLE_PLACEHOLDER.fullmatch(raw)
        if resource is None and whole is not None:
            self.placeholder_resource(name, pointer, whole[1])
            return
        if resource is None:
            raise PolicyError(
                f"state {name!r}: its Resource {raw!r} cannot be resolved: {reason}; "
                "pass the substitutions that define it"
            )
        _refuse_wildcard(name, "Resource", resource)
        match = _INTEGRATION.fullmatch(resource)
        parts = split_arn(resource)
        if match and isinstance(state.get("Credentials"), dict):
            self.cross_account(name, state, pointer, match["rest"])
        elif match:
            self.integration(name, state, pointer, match["rest"])
        elif _arn_is(parts, "lambda", "function", (7, 8)):
            # A function ARN as Resource is the direct Lambda integration (connect-lambda.html).
            self.role.append(Permission(("lambda:InvokeFunction",), (resource,)))
        elif _arn_is(parts, "states", "activity", (7,)):
            # The role needs nothing for an activity; its worker polls it and answers
            # (concept-create-iam-advanced.html, auth-and-access-control-sfn.html#activities-iam).
            self.worker.append(Permission(("states:GetActivityTask", *_SEND_TASK), (resource,)))
        else:
            raise PolicyError(
                f"state {name!r}: Resource {resource!r} is neither a service integration, a "
                "Lambda function ARN nor an activity ARN"
            )

    def placeholder_resource(self, name: str, pointer: str, placeholder: str) -> None:
        """A Resource that is one `${Placeholder}` with no value: a Lambda function or an activity.

        A Task's Resource names a service integration, a Lambda function or an activity
        (state-task.html). An integration is written literally (its ARN has no account), so a
        placeholder stands for a function ARN, the DefinitionSubstitutions convention of SAM
        and CloudFormation, or an activity ARN when its name says so. Either gets the
        narrowest documented wildcard and a warning, as a run-time value in the arguments does.
        """
        actions: tuple[str, ...]
        if "activity" in placeholder.lower():
            kind, actions = "activity", ("states:GetActivityTask", *_SEND_TASK)
            wildcard = self.fill(arn("states", "activity:*"))
        else:
            kind, actions = "Lambda function", ("lambda:InvokeFunction",)
            wildcard = self.fill(arn("lambda", "function:*"))
        declared = tuple(self.options.resources.get(name, ()))
        granted = declared or (wildcard,)
        target = self.worker if kind == "activity" else self.role
        target.append(Permission(actions, granted))
        if not declared:
            self.warn(
                name,
                f"{pointer}/Resource",
                f"Resource ${{{placeholder}}} has no value in the substitutions; taken as a {kind} "
                f"ARN, so {', '.join(actions)} is granted on {wildcard}; pass its value "
                f"(--substitutions) or declare it (`flowdsl policy --resource '{name}=<ARN>'`)",
            )

    def cross_account(self, name: str, state: dict[str, Any], pointer: str, rest: str) -> None:
        """A Task with `Credentials` calls the service as another role: this role only assumes
        it, and the call's permissions belong to that role ("Accessing cross-account AWS
        resources": https://docs.aws.amazon.com/step-functions/latest/dg/concepts-access-cross-acct-resources.html)."""
        params = Parameters(state, pointer, self.substitutions, field="Credentials")
        target = From("RoleArn", "iam-role", dynamic=f"arn:{P}:iam::*:role/*")
        roles = self.resources(name, params, target, ("sts:AssumeRole",))
        if roles:
            self.role.append(Permission(("sts:AssumeRole",), tuple(roles)))
        # Derive what the call needs, then keep it out of this policy (with its warnings).
        own, self.role, warned = self.role, [], len(self.warnings)
        try:
            self.integration(name, state, pointer, rest)
        finally:
            needed, self.role = self.role, own
            del self.warnings[warned:]
        actions = sorted({a for p in needed for a in p.actions})
        if actions:
            self.warn(
                name,
                params.pointer,
                f"the call runs as the role in Credentials: grant {', '.join(actions)} in that "
                "role's policy (derive it with this state's resources), not in this one",
            )

    def integration(self, name: str, state: dict[str, Any], pointer: str, rest: str) -> None:
        from flowdsl.integrations.registry import parse_resource_arn

        params = Parameters(state, pointer, self.substitutions)
        sdk = _SDK.fullmatch(rest)
        if sdk:
            self.sdk_call(name, params, sdk["service"], sdk["api"])
            if sdk["cb"]:
                self.worker.append(Permission(_SEND_TASK, (self.machine,)))
            return
        parsed = parse_resource_arn(f"arn:aws:states:::{rest}")
        if parsed is None or parsed[0].iam is None:
            if name in self.options.actions:
                self.declared(name, params, tuple(self.options.actions[name]))
                return
            raise PolicyError(
                f"state {name!r}: flowdsl has no IAM facts for arn:aws:states:::{rest}; "
                "declare the IAM actions (and resources) this state needs"
            )
        record, pattern = parsed
        facts: IamFacts = record.iam
        self.apply(name, params, facts, pattern)
        if pattern == "waitForTaskToken":
            # Whoever answers calls SendTask* with the token; SAM's StepFunctionsCallbackPolicy
            # and CDK scope these to the state machine (IAM-RESEARCH.md section 3).
            self.worker.append(Permission(_SEND_TASK, (self.machine,)))
            for grant in facts.worker:
                self.grant(name, params, grant, self.worker)

    def apply(self, name: str, params: Parameters, facts: IamFacts, pattern: str) -> None:
        for grant in facts.grants:
            if pattern in grant.patterns:
                self.grant(name, params, grant, self.role)
        if pattern in SYNC and facts.sync_rule:
            # .sync learns of completion through this EventBridge managed rule
            # (service-integration-iam-templates.html).
            rule = arn("events", f"rule/{facts.sync_rule}")
            self.role.append(Permission(_EVENTS_RULE, (rule,)))
        passes = [p for p in facts.pass_roles if pattern in p.patterns]
        for pass_role in passes:
            role = From(pass_role.path, "iam-role", arn("iam", "role/*", region=""))
            self.grant_passrole(name, params, role, pass_role.service)
        declared_roles = [r for r in self.options.resources.get(name, ()) if ":role/" in r]
        if declared_roles and passes:
            self.role.append(_pass_role(tuple(declared_roles), passes[0].service))
        if facts.notes and name not in self.options.resources:
            for note in facts.notes:
                self.warn(name, params.pointer.rsplit("/", 1)[0], note)

    def grant_passrole(self, name: str, params: Parameters, role: From, service: str) -> None:
        resources = self.resources(name, params, role, ("iam:PassRole",))
        if resources:
            self.role.append(_pass_role(tuple(resources), service))

    def grant(self, name: str, params: Parameters, grant: Grant, into: list[Permission]) -> None:
        resources: list[str] = []
        for ref in grant.resources:
            if isinstance(ref, From):
                resources += self.resources(name, params, ref, grant.actions)
            else:
                resources.append(self.fill(ref))
        if resources:
            condition = _conditions(params, grant.conditions)
            into.append(Permission(grant.actions, tuple(resources), condition))

    def resources(
        self, name: str, params: Parameters, ref: From, actions: Sequence[str]
    ) -> list[str]:
        found: list[str] = []
        for value in params.values(ref.path):
            text = ref.default if value.kind == "absent" else value.text
            if value.kind == "dynamic" or text is None:
                if value.kind == "dynamic":
                    found += self.dynamic(name, value, ref.wildcards, actions)
                continue  # absent, no default: nothing to grant
            _refuse_wildcard(name, value.pointer, text)
            try:
                found += convert(ref.arn, text, params)
            except DynamicSibling as sibling:
                # The ARN also needs a sibling parameter (an object's Bucket) that is only
                # known at run time.
                found += self.dynamic(name, sibling.value, ref.wildcards, actions)
            except PolicyError as exc:
                raise PolicyError(f"state {name!r}: {value.pointer}: {exc}") from None
        return found

    def dynamic(
        self, name: str, value: Value, wildcards: Sequence[str], actions: Sequence[str]
    ) -> list[str]:
        """Declared resources for the state (those of the actions' services), else the
        narrowest documented wildcard and a warning saying how to narrow it."""
        services = {a.split(":", 1)[0] for a in actions}
        declared = [r for r in self.options.resources.get(name, ()) if _service(r) in services]
        if declared:
            return declared
        granted = [self.fill(w) for w in wildcards]
        parameter = value.pointer.rsplit("/", 1)[-1].removesuffix(".$")
        self.warn(
            name,
            value.pointer,
            f"{parameter} is only known at run time ({value.reason or 'dynamic'}), so "
            f"{', '.join(sorted(actions))} is granted on {', '.join(granted)}; declare the "
            f"resources this state may use to narrow it (PolicyOptions.resources[{name!r}], "
            f"or `flowdsl policy --resource '{name}=<ARN>'`)",
        )
        return granted

    def declared(self, name: str, params: Parameters, actions: tuple[str, ...]) -> None:
        for action in actions:
            if "*" in action or "?" in action or ":" not in action:
                raise PolicyError(
                    f"state {name!r}: declared action {action!r} must be one IAM action "
                    "written prefix:Action, without wildcards"
                )
        # IAM matches action names case-insensitively; write them as AWS spells them.
        actions = tuple(sdk_actions.canonical_action(a) or a for a in actions)
        resources = tuple(self.options.resources.get(name, ())) or ("*",)
        if resources == ("*",):
            self.warn(
                name,
                params.pointer,
                f"no resources are declared for {', '.join(actions)}, so they are granted on "
                f"*; declare them (PolicyOptions.resources[{name!r}])",
            )
        self.role.append(Permission(actions, resources))

    def sdk_call(self, name: str, params: Parameters, service: str, api: str) -> None:
        if name in self.options.actions:
            self.declared(name, params, tuple(self.options.actions[name]))
            return
        actions = sdk_actions.derive_actions(service, api)
        if actions is None:
            raise UnderivableActionError(
                f"state {name!r}: flowdsl cannot derive the IAM action of "
                f"aws-sdk:{service}:{api} with confidence (IAM names it differently or the "
                "service is unknown); declare it, e.g. "
                f"PolicyOptions(actions={{{name!r}: ['<prefix>:<Action>']}}) or "
                f"`flowdsl policy --action '{name}=<prefix>:<Action>'`, as listed in the "
                "Service Authorization Reference"
            )
        for action in actions:
            self.sdk_action(name, params, action)
        for ref in sdk_actions.SECONDARY_S3_READS.get((service, api), ()):
            objects = self.resources(name, params, ref, ("s3:GetObject",))
            if objects:
                self.role.append(Permission(("s3:GetObject",), tuple(objects)))

    def sdk_action(self, name: str, params: Parameters, action: str) -> None:
        prefix = action.split(":", 1)[0]
        types = sdk_actions.resource_types(action)
        if not types:
            # AWS documents no resource type for the action: only `*` can grant it.
            self.role.append(Permission((action,), ("*",)))
            return
        resources: list[str] = []
        for resource_type in types:
            for ref in sdk_actions.RESOURCE_PARAMETERS.get((prefix, resource_type), ()):
                if any(v.kind != "absent" for v in params.values(ref.path)) or ref.default:
                    resources += self.resources(name, params, ref, (action,))
                    break
        if not resources:
            declared = [r for r in self.options.resources.get(name, ()) if _service(r) == prefix]
            resources = declared or ["*"]
            if not declared:
                self.warn(
                    name,
                    params.pointer,
                    f"flowdsl cannot tell which {' or '.join(types)} {action} acts on, so it "
                    f"is granted on *; declare the resources (PolicyOptions.resources[{name!r}])",
                )
        conditions = sdk_actions.CONDITIONS.get(action, ())
        self.role.append(Permission((action,), tuple(resources), _conditions(params, conditions)))

    def distributed_map(self, name: str, state: dict[str, Any], pointer: str) -> None:
        label = state.get("Label")
        label = label if isinstance(label, str) and "{%" not in label else "*"
        for grant in distributed_map.CHILD_EXECUTIONS.grants:
            resources = tuple(self.fill(str(r)).replace("{label}", label) for r in grant.resources)
            self.role.append(Permission(grant.actions, resources))
        for key, table in (
            ("ItemReader", distributed_map.READERS),
            ("ResultWriter", distributed_map.WRITERS),
        ):
            block = state.get(key)
            if not isinstance(block, dict) or "Resource" not in block:
                continue
            here = f"{pointer}/{key}"
            match = _INTEGRATION.fullmatch(str(block["Resource"]))
            facts = table.get(match["rest"]) if match else None
            if facts is None:
                raise PolicyError(
                    f"state {name!r}: flowdsl has no IAM facts for the {key} {block['Resource']!r}"
                )
            params = Parameters(block, here, self.substitutions)
            self.apply(name, params, facts, "request-response")
            config = block.get("ReaderConfig")
            if isinstance(config, dict) and config.get("InputType") == "MANIFEST":
                self.grant(name, params, distributed_map.MANIFEST_DATA, self.role)

    # -- helpers ------------------------------------------------------------------------------

    def fill(self, template: str) -> str:
        return template.replace("{self}", self.machine).replace("{self_name}", self.name)

    def warn(self, state: str, pointer: str, message: str) -> None:
        warning = PolicyWarning(state, pointer, message)
        if warning not in self.warnings:
            self.warnings.append(warning)


def _refuse_wildcard(state: str, where: str, text: str) -> None:
    """A literal `*` in a resource name or ARN would grant on every resource of its kind (or in
    every region or account) without a word: an error, never a silent account-wide grant."""
    if "*" in text:
        raise WildcardResourceError(
            f"state {state!r}: {where}: {text!r} contains '*', which IAM reads as a wildcard "
            "(every resource of that kind, or any region or account); write the exact name or "
            "ARN, or leave the value to run time and declare what it may be with --resource"
        )


def _conditions(params: Parameters, conditions: Sequence[Condition]) -> str:
    """The conditions that can be stated before run time, as canonical JSON."""
    condition: dict[str, dict[str, Any]] = {}
    for cond in conditions:
        value = cond.value
        if value is None and cond.path is not None:
            found = params.values(cond.path)
            if len(found) != 1 or found[0].kind != "static":
                continue  # unknown until run time, or absent: nothing to condition on
            value = f"{found[0].text}{cond.suffix}"
        if value is not None:
            condition.setdefault(cond.operator, {})[cond.key] = value
    return condition_key(condition)


def _pass_role(roles: tuple[str, ...], service: str) -> Permission:
    # iam:PassRole only to the service that uses the role (iam:PassedToService):
    # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
    condition = {"StringEquals": {"iam:PassedToService": service}}
    return Permission(("iam:PassRole",), roles, condition_key(condition))


def _arn_is(parts: list[str], service: str, kind: str, lengths: tuple[int, ...]) -> bool:
    """`arn:<partition>:<service>:<region>:<account>:<kind>:<name>[:<qualifier>]`."""
    return len(parts) in lengths and parts[0] == "arn" and (parts[2], parts[5]) == (service, kind)


def _service(arn_text: str) -> str:
    parts = split_arn(arn_text)
    return parts[2] if arn_text.startswith("arn:") and len(parts) > 2 else ""


def _is_distributed(state: Mapping[str, Any]) -> bool:
    processor = state.get("ItemProcessor")
    if not isinstance(processor, dict):
        return False
    config = processor.get("ProcessorConfig")
    return isinstance(config, dict) and config.get("Mode") == "DISTRIBUTED"
