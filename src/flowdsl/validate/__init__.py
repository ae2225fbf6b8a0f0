"""Validation of Amazon States Language definitions: shape (the ASL models) and semantic rules.

`validate_definition(doc)` returns every Problem in one pass. Importing this package is cheap:
pydantic, the models and the JSONata parser load on the first call, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowdsl.validate.problem import Problem
from flowdsl.validate.rules import RULES, RULES_BY_CODE, Rule

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["RULES", "RULES_BY_CODE", "Problem", "Rule", "validate_definition"]


def validate_definition(
    doc: object, *, workflow_type: str = "STANDARD", size: int | None = None
) -> list[Problem]:
    """Every problem in an ASL document (parsed JSON), in document order; [] when it is valid.

    `workflow_type` is "STANDARD" or "EXPRESS" (Express rejects .sync, .waitForTaskToken and
    activities). `size` is the definition's size in bytes if known (default: compact JSON).
    """
    from flowdsl.validate.core import validate_definition as run

    return run(doc, workflow_type=workflow_type, size=size)


def format_problems(problems: Sequence[Problem], path: str | None = None) -> str:
    """The text form of several problems, one per line (`file: /pointer: error[CODE]: message`)."""
    return "\n".join(problem.format(path) for problem in problems)
