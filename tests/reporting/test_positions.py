"""JSON pointer -> offset: every pointer's offset is where its value (or member key) starts."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl.reporting.positions import locate, pointer_offsets, position, state_pointer

DECODER = json.JSONDecoder()

documents = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet='ab/~"\\é\n ', max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


def resolve(document: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        document = document[int(key)] if isinstance(document, list) else document[key]
    return document


@settings(max_examples=150, deadline=None)
@given(documents, st.sampled_from([None, 2]))
def test_every_pointer_starts_at_its_value_or_key(document: Any, indent: int | None) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    offsets = pointer_offsets(text)
    assert "" in offsets
    for pointer, offset in offsets.items():
        found, _ = DECODER.raw_decode(text, offset)
        parent = pointer.rsplit("/", 1)[0]
        if pointer and isinstance(resolve(document, parent), dict):
            last = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
            assert found == last  # a member points at its key
        else:
            assert found == resolve(document, pointer)


def test_lines_columns_parents_and_states() -> None:
    text = '{\n  "States": {\n    "P": {"Branches": [{"States": {"In": {}}}]}\n  }\n}'
    assert position(text, 0) == (1, 1)
    assert locate(text, "/States/P") == (3, 5)
    assert locate(text, "/States/P/Nothing/Here") == (3, 5)  # nearest existing parent
    assert locate("not json", "/x") == (1, 1)
    assert pointer_offsets("{} trailing") == {}
    assert state_pointer(json.loads(text), "In") == "/States/P/Branches/0/States/In"
