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
        return _compiling_module(definition, filename)
    except Unsupported as exc:
        raise ImportFailed(f"{definition.origin}: {exc}") from None
    except RecursionError:
        raise ImportFailed(f"{definition.origin}: nested too deeply to import") from None


# How many states may be written as literal ASL one by one because their Python does not
# compile, before the whole definition is.
_RETRIES = 8


def _compiling_module(definition: Definition, filename: str) -> ImportedModule:
    """The module, proven to compile: a state whose Python the compiler does not take back is
    written as literal ASL instead, and the whole definition when the error names no state."""
    from flowdsl.importer.compile_check import first_problem

    literal_states: dict[str, str] = {}
    message = ""
    for _ in range(_RETRIES):
        imported = _formatted(write_module(definition, literal_states=literal_states), filename)
        problem = first_problem(imported.source)
        if problem is None:
            return imported
        message = problem.message
        if problem.state is None or problem.state in literal_states:
            break
        literal_states[problem.state] = f"its Python form does not compile: {message}"
    because = f"the Python form of this definition does not compile: {message}"
    return _formatted(write_module(definition, literal_because=because), filename)


def _formatted(imported: ImportedModule, filename: str) -> ImportedModule:
    return ImportedModule(
        imported.definition,
        formatted(imported.source, filename),
        imported.function,
        imported.states,
        imported.low_level,
    )
