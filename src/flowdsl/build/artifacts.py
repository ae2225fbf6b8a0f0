"""The files one compiled workflow becomes, by path under generated/, as canonical text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flowdsl.errors import Diagnostic, SourceLocation

if TYPE_CHECKING:
    from flowdsl.dsl.resources import StackBinding

DEFINITION = "definition.asl.json"
SUBSTITUTIONS = "substitutions.json"
ENVIRONMENT_SUBSTITUTIONS = "substitutions.{}.json"
REVIEW_PAGE = "README.md"


# Every file name flowdsl may write in a workflow's directory: only these are ever removed
# as orphans, so nothing a user put in generated/ is lost.
def is_artifact_name(name: str) -> bool:
    """Whether flowdsl may have written a file of this name (and so may remove it): one of
    ARTIFACT_NAMES, or an environment's form of one (`role-policy.prod.json`)."""
    head, _, rest = name.partition(".")
    return name in ARTIFACT_NAMES or (rest.endswith(".json") and f"{head}.json" in ARTIFACT_NAMES)


ARTIFACT_NAMES = frozenset(
    {
        DEFINITION,
        SUBSTITUTIONS,
        "role-policy.json",
        "trust-policy.json",
        "worker-policy.json",
        "README.md",
        "template.json",
        "sam.json",
    }
)


@dataclass
class CompiledWorkflow:
    """One workflow's outputs and what is needed to report problems at the Python source."""

    name: str
    definition: dict[str, Any]
    substitutions: dict[str, str]
    locations: dict[str, SourceLocation]
    workflow_type: str
    loc: SourceLocation
    comment: str | None = None
    extra_files: dict[str, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    environments: dict[str, dict[str, str]] = field(default_factory=dict)
    # Placeholders of resources declared with ref=, bound to the user's stack (deploy/).
    bindings: dict[str, StackBinding] = field(default_factory=dict)

    def files(self) -> dict[str, str]:
        from flowdsl.asl.serialize import canonical_json  # not on the fast check's path

        out = {
            f"{self.name}/{DEFINITION}": canonical_json(self.definition),
            f"{self.name}/{SUBSTITUTIONS}": canonical_json(self.substitutions, sort_keys=True),
        }
        for env, values in sorted(self.environments.items()):
            # The workflow's own placeholders, with the environment's concrete values.
            merged = {k: values.get(k, v) for k, v in self.substitutions.items()}
            out[f"{self.name}/{ENVIRONMENT_SUBSTITUTIONS.format(env)}"] = canonical_json(
                merged, sort_keys=True
            )
        out.update({f"{self.name}/{name}": text for name, text in self.extra_files.items()})
        return out
