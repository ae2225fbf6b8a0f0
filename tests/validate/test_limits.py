"""Limits and hostile input: size, depth, duplicate keys (ASL106, ASL800, ASL801)."""

from __future__ import annotations

import pytest

from flowdsl.asl.reading import MAX_READ_BYTES
from flowdsl.validate import validate_definition
from flowdsl.validate.loading import Unreadable, load_definition, parse_definition
from flowdsl.validate.rules import MAX_DEFINITION_BYTES

SMALL = {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}


def test_definition_over_one_megabyte_is_asl800() -> None:
    doc = {
        "StartAt": "A",
        "States": {"A": {"Type": "Pass", "Result": "x" * MAX_DEFINITION_BYTES, "End": True}},
    }
    assert [(p.code, p.pointer) for p in validate_definition(doc)] == [("ASL800", "")]


def test_size_argument_counts_the_bytes_sent() -> None:
    assert [p.code for p in validate_definition(SMALL, size=MAX_DEFINITION_BYTES + 1)] == ["ASL800"]
    assert validate_definition(SMALL, size=MAX_DEFINITION_BYTES) == []


def test_deeply_nested_document_is_asl801_not_a_crash() -> None:
    inner: dict = {"Type": "Succeed"}
    for _ in range(5000):
        inner = {
            "Type": "Parallel",
            "Branches": [{"StartAt": "S", "States": {"S": inner}}],
            "End": True,
        }
    problems = validate_definition({"StartAt": "S", "States": {"S": inner}})
    assert [(p.code, p.pointer) for p in problems] == [("ASL801", "")]


def test_duplicate_keys_are_asl106_with_pointer() -> None:
    loaded = parse_definition(
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "End": false}}}'
    )
    assert [(p.code, p.pointer, p.state) for p in loaded.problems] == [
        ("ASL106", "/States/A/End", "A")
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("{", "not valid JSON"),
        ('{"a": NaN}', "not valid JSON"),
        ("[" * 200000, "nested too deeply"),
    ],
)
def test_unreadable_text(text: str, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        parse_definition(text)


def test_definition_file_over_the_quota_is_read_and_is_asl800(tmp_path) -> None:
    big = tmp_path / "big.json"
    big.write_text(
        '{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Comment": "'
        + "x" * MAX_DEFINITION_BYTES
        + '"}}}'
    )
    loaded = load_definition(str(big))
    assert [p.code for p in validate_definition(loaded.doc, size=loaded.size)] == ["ASL800"]


def test_huge_and_binary_files_are_unreadable(tmp_path) -> None:
    huge = tmp_path / "huge.json"
    huge.write_text('{"Comment": "' + "x" * MAX_READ_BYTES + '"}')
    with pytest.raises(Unreadable, match="larger than"):
        load_definition(str(huge))
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(Unreadable, match="not UTF-8"):
        load_definition(str(binary))
    with pytest.raises(Unreadable, match="no such file"):
        load_definition(str(tmp_path / "missing.json"))
