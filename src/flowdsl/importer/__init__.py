"""`flowdsl import`: existing ASL (JSON, YAML, SAM/CloudFormation templates) as flowdsl modules.

The frontend in reverse: `sources` finds definitions, `structure` recovers if/while/try from
the state graph, `writer` and `dataflow` write each state as Python, `module` assembles and
formats the file, `verify` proves the round trip in the offline runner.
"""

from __future__ import annotations

from flowdsl.importer.module import ImportedModule, formatted, module_path, write_module
from flowdsl.importer.problems import ImportFailed, Unsupported
from flowdsl.importer.sources import Definition, read_definitions

__all__ = [
    "Definition",
    "ImportFailed",
    "ImportedModule",
    "import_definition",
    "module_path",
    "read_definitions",
]


def import_definition(definition: Definition, filename: str = "flow.py") -> ImportedModule:
    """Validate `definition` and write it as a formatted flowdsl module (ImportFailed if not)."""
    from flowdsl.validate import validate_definition

    problems = validate_definition(
        definition.asl, workflow_type=definition.workflow_type or "STANDARD"
    )
    if problems:
        shown = "\n".join(f"  {p.format(definition.origin)}" for p in problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise ImportFailed(f"{definition.origin} is not a valid ASL definition:\n{shown}{more}")
    try:
        imported = write_module(definition)
    except Unsupported as exc:
        raise ImportFailed(f"{definition.origin}: {exc}") from None
    except RecursionError:
        raise ImportFailed(f"{definition.origin}: nested too deeply to import") from None
    return ImportedModule(
        imported.definition,
        formatted(imported.source, filename),
        imported.function,
        imported.states,
    )
