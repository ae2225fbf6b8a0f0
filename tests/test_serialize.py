"""canonical_json writes exactly what json.dumps(indent=2, ensure_ascii=False) writes."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowdsl.asl.serialize import canonical_json


def reference(document: Any, sort_keys: bool = False) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"


# Every code point hypothesis likes to try (controls, non-BMP, U+2028) and lone surrogates,
# which orjson refuses and the standard library writes as they are.
texts = st.text(st.characters(), max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(documents, st.booleans())
def test_same_text_as_the_standard_library(document: Any, sort_keys: bool) -> None:
    try:
        expected = reference(document, sort_keys)
    except UnicodeEncodeError:  # pragma: no cover - json.dumps never encodes
        pytest.skip("not text")
    assert canonical_json(document, sort_keys=sort_keys) == expected


@pytest.mark.parametrize(
    "value",
    [
        1e-05,  # orjson: 0.00001
        -7.1850441006303285e-09,  # orjson: e-9
        1e16,  # orjson: 1e16, Python 1e+16
        1.5,
        100.0,
        math.inf,
        -math.inf,
        math.nan,  # orjson: null
        2**64,  # beyond orjson's 64 bits
        -(2**63) - 1,
        '\u2028\x7f\x00\x1f"\\/\t\x08\x0c é 𝄞',
        "\ud800",  # a lone surrogate
        "1e5 null 0.5",  # floats and null inside a string are text
    ],
)
def test_scalars_orjson_spells_differently(value: Any) -> None:
    document = {"Value": value, "List": [value, {"k": value}], "Empty": [{}, []]}
    assert canonical_json(document) == reference(document)


def test_keys_sorted_by_code_point_like_python() -> None:
    # UTF-16 order would put U+FFFF after U+1D11E; Python and UTF-8 put it before.
    document = {"\U0001d11e": 1, "\uffff": 2, "b": 3, "B": 4, "é": 5, "": 6}
    assert canonical_json(document, sort_keys=True) == reference(document, sort_keys=True)


def test_non_string_keys_as_the_standard_library_writes_them() -> None:
    document = {1: "a", 2.5: "b", None: "c", False: "d"}
    assert canonical_json(document) == reference(document)


def test_types_json_rejects_are_still_rejected() -> None:
    @dataclasses.dataclass
    class Point:
        x: int

    with pytest.raises(TypeError):
        canonical_json({"p": Point(1)})


def test_subclasses_and_tuples_as_the_standard_library_writes_them() -> None:
    class Name(str):
        pass

    document = {Name("k"): (1, Name("v")), "deep": [[[[[[]]]]]] * 2}
    assert canonical_json(document) == reference(document)
