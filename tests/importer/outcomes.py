"""What `flowdsl import` does with each definition of the real-world corpus, in one word.

`python -m tests.importer.outcomes` records the outcomes in expected.json; the test compares
each run with that record, so an import that gets worse fails, and one that gets better asks
for the record to be updated (review its diff: it is the import's progress).
"""

from __future__ import annotations

import json
from pathlib import Path

from flowdsl.errors import FlowdslError
from flowdsl.importer import import_definition, read_definitions
from flowdsl.importer.verify import recompile, verify

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = Path(__file__).parent / "expected.json"


def outcome(path: Path) -> str:
    """`same`, `differs: ...`, `recompile: ...`, or `refused: ...` (the import's message);
    ` (low-level: N)` after it when N parts were written as literal ASL."""
    try:
        definitions = read_definitions(path)
        definition = definitions[0]
        module = import_definition(definition)
    except FlowdslError as exc:
        return "refused: " + _first_line(str(exc))
    low_level = f" (low-level: {module.low_level})" if module.low_level else ""
    try:
        report = verify(definition.asl, recompile(module.source, definition.name))
    except FlowdslError as exc:
        lines = str(exc).splitlines()
        return "recompile: " + _first_line(lines[1] if len(lines) > 1 else lines[0]) + low_level
    if report.same:
        return "same" + low_level
    return "differs: " + report.differences[0].what + low_level


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else text
    # Drop the scratch file's path and position: they are not part of what the import did.
    if "error[" in line:
        line = line[line.index("error[") :]
    return line.replace(str(CORPUS) + "/", "")[:160]


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.asl.json"))


def main() -> None:
    record = {path.name: outcome(path) for path in corpus_files()}
    EXPECTED.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    imported = sum(1 for v in record.values() if not v.startswith("refused"))
    recompiled = sum(1 for v in record.values() if v.startswith(("same", "differs")))
    same = sum(1 for v in record.values() if v.startswith("same"))
    native = sum(1 for v in record.values() if v.startswith("same") and "low-level" not in v)
    low = sum(1 for v in record.values() if "low-level" in v)
    print(
        f"{len(record)} definitions: {imported} imported, {recompiled} recompiled, {same} with "
        f"the same behaviour ({native} without a low-level form); {low} use a low-level form"
    )


if __name__ == "__main__":
    main()
