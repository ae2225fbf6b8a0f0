"""The deployment files of one compiled workflow, per environment: what `flowdsl compile` adds.

Everything that depends on a placeholder's value is derived again for each environment in
`[tool.flowdsl.environments.ENV]`: the role, trust and worker policies and both templates
(`role-policy.ENV.json`, ..., `template.ENV.json`, `sam.ENV.json`), so the prod role names the
prod resources. The SAM form binds the resources declared with `ref=` to the stack's own
resources, unless an environment gives the placeholder a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from flowdsl.asl.serialize import canonical_json
from flowdsl.deploy.templates import (
    SAM_TEMPLATE,
    TEMPLATE,
    StackInputs,
    TemplateError,
    cloudformation_template,
    parameter_placeholders,
    sam_template,
)
from flowdsl.errors import UsageError

if TYPE_CHECKING:
    from flowdsl.build.artifacts import CompiledWorkflow
    from flowdsl.iam.derive import Policies

# An environment's name becomes part of file names: keep it to a safe alphabet.
_ENVIRONMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")

Derive = Callable[[Mapping[str, str]], "Policies"]


def environment_file(filename: str, environment: str | None) -> str:
    """`role-policy.json` -> `role-policy.prod.json` for the environment `prod`."""
    if environment is None:
        return filename
    stem, _, suffix = filename.rpartition(".")
    return f"{stem}.{environment}.{suffix}"


def environment_values(workflow: CompiledWorkflow, values: Mapping[str, str]) -> dict[str, str]:
    """The workflow's placeholders with the environment's values where given, plus values for
    placeholders no resource declares (template parameters)."""
    merged = {key: values.get(key, value) for key, value in workflow.substitutions.items()}
    extra = parameter_placeholders(workflow.definition, workflow.substitutions)
    merged.update({key: values[key] for key in extra if key in values})
    return dict(sorted(merged.items()))


def deployment_files(
    workflow: CompiledWorkflow, policies: Policies, derive: Derive
) -> dict[str, str]:
    """Templates of the default form and, per environment, policies and templates.

    `derive` gives the policies for other placeholder values (the IAM derivation with the
    workflow's options); `policies` are those of the workflow's own values."""
    files: dict[str, str] = {}
    files.update(_forms(workflow, None, workflow.substitutions, policies, derive))
    for environment, values in sorted(workflow.environments.items()):
        if not _ENVIRONMENT.fullmatch(environment):
            raise UsageError(
                f"[tool.flowdsl.environments.{environment}]: an environment's name becomes part "
                "of file names: use letters, digits, '-' and '_' (e.g. prod, staging-eu)"
            )
        merged = environment_values(workflow, values)
        env_policies = _derive_in(environment, derive, merged)
        for filename, document in env_policies.files().items():
            files[environment_file(filename, environment)] = canonical_json(document)
        files.update(_forms(workflow, environment, merged, env_policies, derive, overridden=values))
    return files


def _forms(
    workflow: CompiledWorkflow,
    environment: str | None,
    values: Mapping[str, str],
    policies: Policies,
    derive: Derive,
    overridden: Mapping[str, str] | None = None,
) -> dict[str, str]:
    try:
        template = cloudformation_template(_inputs(workflow, values, policies))
        bindings = {
            key: binding
            for key, binding in workflow.bindings.items()
            if key not in (overridden or {})
        }
        if bindings:
            bound_values = {
                **values,
                **{key: binding.value_template for key, binding in bindings.items()},
            }
            bound_policies = _derive_in(environment, derive, bound_values)
            definition_values: dict[str, Any] = {
                **values,
                **{key: binding.definition_value() for key, binding in bindings.items()},
            }
            sam = sam_template(_inputs(workflow, definition_values, bound_policies))
        else:
            sam = sam_template(_inputs(workflow, values, policies))
    except TemplateError as exc:
        raise UsageError(f"workflow {workflow.name}: {exc}") from None
    return {
        environment_file(TEMPLATE, environment): canonical_json(template),
        environment_file(SAM_TEMPLATE, environment): canonical_json(sam),
    }


def _derive_in(environment: str | None, derive: Derive, values: Mapping[str, str]) -> Policies:
    from flowdsl.iam.errors import PolicyError

    try:
        return derive(values)
    except PolicyError as exc:
        if environment is None:
            raise
        error = PolicyError(f"in environment {environment!r}: {exc}")
        error.state = exc.state
        raise error from None


def _inputs(
    workflow: CompiledWorkflow, values: Mapping[str, Any], policies: Policies
) -> StackInputs:
    return StackInputs(
        name=workflow.name,
        workflow_type=workflow.workflow_type,
        comment=workflow.comment,
        definition=workflow.definition,
        substitutions=values,
        role_policy=policies.role_policy,
        trust_policy=policies.trust_policy,
    )
