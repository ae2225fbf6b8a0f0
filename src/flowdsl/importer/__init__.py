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
        source = formatted(imported.source, filename)
        problem = _compile_problem(source, definition.name)
        if problem is not None:
            # A Python form the compiler does not take back is no import: the whole
            # definition is written as literal ASL instead, saying why.
            imported = write_module(
                definition, f"the Python form of this definition does not compile: {problem}"
            )
            source = formatted(imported.source, filename)
    except Unsupported as exc:
        raise ImportFailed(f"{definition.origin}: {exc}") from None
    except RecursionError:
        raise ImportFailed(f"{definition.origin}: nested too deeply to import") from None
    return ImportedModule(
        imported.definition, source, imported.function, imported.states, imported.low_level
    )


def _compile_problem(source: str, name: str) -> str | None:
    """The first compile error of the written module (without the scratch file's position),
    or None when it compiles."""
    from flowdsl.importer.verify import recompile

    try:
        recompile(source, name)
    except ImportFailed as exc:
        lines = str(exc).splitlines()
        first = lines[1] if len(lines) > 1 else lines[0]
        return first[first.index("error[") :] if "error[" in first else first.strip()
    return None
