"""The guard every authoring helper shares: workflow bodies are compiled, never run."""

from __future__ import annotations

from typing import NoReturn


class NotExecutable(RuntimeError):
    """Raised when code tries to run a workflow body or an integration call in Python."""


def compiled_only(what: str) -> NoReturn:
    raise NotExecutable(
        f"{what} only has a meaning inside a @workflow body, which flowdsl compiles to ASL; "
        "it is never called from Python. Run the workflow with `flowdsl run` or flowdsl.testing."
    )
