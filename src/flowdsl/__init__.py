"""flowdsl: AWS Step Functions workflows written as Python functions.

This module only re-exports the authoring API (`flowdsl.dsl`, whose `__all__` lists it) and
holds no logic. The names load on first use, so tools under `flowdsl.*` that never touch the
authoring API (the recorded `flowdsl compile --check`) do not pay for importing it.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flowdsl.dsl import *  # noqa: F403


def __getattr__(name: str) -> Any:
    # `from flowdsl import build` asks for a subpackage not imported yet: say it is no
    # attribute (the import system then imports it) without loading the authoring API.
    here = Path(__file__).parent
    if (here / f"{name}.py").is_file() or (here / name).is_dir():
        raise AttributeError(name)
    # import_module, not `from flowdsl import dsl`: that form looks attributes up on this
    # module, which would call back into __getattr__.
    dsl = import_module("flowdsl.dsl")
    # Bind every name at once, so later lookups are plain attributes again.
    globals().update({export: getattr(dsl, export) for export in dsl.__all__})
    globals()["__all__"] = dsl.__all__
    if name in globals():
        return globals()[name]
    raise AttributeError(f"module 'flowdsl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *import_module("flowdsl.dsl").__all__])
