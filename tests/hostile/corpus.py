"""A corpus of hostile ASL files: each case writes its file(s) into a directory and says what to expect.

The cases are generated, not stored, because several are megabytes (deep nesting, huge strings,
files over the read bound) or are not files at all (a FIFO, a directory, /dev/zero).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMMANDS = ("validate", "policy", "run", "graph", "diff")


@dataclass(frozen=True)
class Case:
    """One hostile input: how to make it, and what some commands must answer (exit code, text)."""

    name: str
    make: Callable[[Path], Path]
    # command -> (exit code, a text that must appear in stdout or stderr); unlisted commands need
    # only end within the bounds with exit 0, 1 or 2 and no traceback.
    expect: dict[str, tuple[int, str]] = field(default_factory=dict)
    run_args: tuple[str, ...] = ()


def _text(name: str, content: str | bytes) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        path = directory / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


def _doc(name: str, document: Any) -> Callable[[Path], Path]:
    return _text(name, json.dumps(document, ensure_ascii=False))


def _machine(*states: tuple[str, dict[str, Any]], jsonata: bool = False) -> dict[str, Any]:
    doc: dict[str, Any] = {"StartAt": states[0][0], "States": dict(states)}
    if jsonata:
        doc = {"QueryLanguage": "JSONata", **doc}
    return doc


def _pass_output(expression: str) -> dict[str, Any]:
    return _machine(
        ("P", {"Type": "Pass", "Output": "{% " + expression + " %}", "End": True}), jsonata=True
    )


def _failing_parallel(**retry: Any) -> dict[str, Any]:
    fail = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}
    retrier = {"ErrorEquals": ["States.ALL"], "MaxAttempts": 99_999_999, "IntervalSeconds": 1}
    state = {"Type": "Parallel", "Branches": [fail], "Retry": [{**retrier, **retry}], "End": True}
    return _machine(("P", state))


def _nested_parallel(levels: int) -> str:
    head = '{"Type":"Parallel","Branches":[{"StartAt":"S","States":{"S":'
    tail = '}}],"End":true}'
    return (
        '{"StartAt":"S","States":{"S":'
        + head * levels
        + '{"Type":"Succeed"}'
        + tail * levels
        + "}}"
    )


def _fifo(directory: Path) -> Path:
    path = directory / "pipe.asl.json"
    os.mkfifo(path)
    return path


def _directory(directory: Path) -> Path:
    path = directory / "folder.asl.json"
    path.mkdir()
    return path


def _link_to(target: str) -> Callable[[Path], Path]:
    def make(directory: Path) -> Path:
        path = directory / "link.asl.json"
        path.symlink_to(target)
        return path

    return make


def _huge_file(directory: Path) -> Path:
    path = directory / "huge.asl.json"
    with path.open("w") as handle:
        handle.write('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Comment":"')
        chunk = "x" * (1024 * 1024)
        for _ in range(9):
            handle.write(chunk)
        handle.write('"}}}')
    return path


SMALL_BOUNDS = ("--max-transitions", "2000", "--max-expression-steps", "50000")
VALID = _machine(("A", {"Type": "Pass", "End": True}))
RUNAWAY = "flowdsl.BoundExceeded"

CASES: tuple[Case, ...] = (
    # -- nesting -----------------------------------------------------------------------------
    Case(
        "nested arrays 10,000 deep",
        _text("arrays.asl.json", "[" * 10_000 + "]" * 10_000),
        {c: (2, "nested too deeply") for c in COMMANDS},
    ),
    Case(
        "nested objects 10,000 deep in a Pass Result",
        _text(
            "objects.asl.json",
            '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"Result":'
            + '{"a":' * 10_000
            + "1"
            + "}" * 10_000
            + "}}}",
        ),
        {c: (2, "nested too deeply") for c in COMMANDS},
    ),
    Case(
        "Parallel nested 10,000 deep",
        _text("parallel.asl.json", _nested_parallel(10_000)),
        {c: (2, "nested too deeply") for c in COMMANDS},
    ),
    Case(
        "Parallel nested 39 deep (just inside the bound)",
        _text("p39.asl.json", _nested_parallel(39)),
    ),
    # -- numbers and strings -----------------------------------------------------------------
    Case(
        "an integer of 5,000 digits",
        _text("digits.asl.json", json.dumps(VALID)[:-3] + ',"Result":' + "9" * 5000 + "}}}"),
        {c: (2, "5,000 digits") for c in COMMANDS},
    ),
    Case(
        "a number beyond a double",
        _text("float.asl.json", json.dumps(VALID)[:-3] + ',"Result":1e999}}}'),
        {c: (2, "beyond the range") for c in COMMANDS},
    ),
    Case(
        "an integer of 4,000 digits (readable)",
        _text("digits4000.asl.json", json.dumps(VALID)[:-3] + ',"Result":' + "9" * 4000 + "}}}"),
    ),
    Case(
        "a 2 MiB string: over the 1 MB quota",
        _doc("big.asl.json", _machine(("A", {"Type": "Pass", "Result": "x" * 2**21, "End": True}))),
        {"validate": (1, "ASL800")},
    ),
    Case("a 9 MiB file", _huge_file, {c: (2, "larger than") for c in COMMANDS}),
    Case(
        "repeated keys",
        _text(
            "repeated.asl.json",
            '{"StartAt":"A","StartAt":"B","States":{"A":{"Type":"Pass","End":true},'
            '"B":{"Type":"Pass","End":true,"End":false}}}',
        ),
        {"validate": (1, "ASL106")},
    ),
    Case(
        "a state name of 100,000 characters with quotes and brackets",
        _doc("names.asl.json", _machine(('"];<b>' + "n" * 100_000, {"Type": "Pass", "End": True}))),
        {"validate": (1, "must be 1 to 80 characters")},
    ),
    # -- files that are not regular files ----------------------------------------------------
    Case("a FIFO", _fifo, {c: (2, "named pipe") for c in COMMANDS}),
    Case(
        "/dev/zero through a symlink",
        _link_to("/dev/zero"),
        {c: (2, "character device") for c in COMMANDS},
    ),
    Case("a directory", _directory),
    Case("a missing file", lambda d: d / "missing.asl.json"),
    # -- encodings and not-JSON --------------------------------------------------------------
    Case(
        "bytes that are not UTF-8",
        _text("latin1.asl.json", b'{"Comment": "caf\xe9"}'),
        {c: (2, "not UTF-8") for c in COMMANDS},
    ),
    Case(
        "UTF-16 with a byte order mark",
        _text("utf16.asl.json", json.dumps(VALID).encode("utf-16")),
        {c: (2, "not UTF-8") for c in COMMANDS},
    ),
    Case(
        "UTF-8 with a byte order mark (accepted)",
        _text("bom.asl.json", b"\xef\xbb\xbf" + json.dumps(VALID).encode()),
        {"validate": (0, "valid"), "policy": (0, "Statement"), "run": (0, "SUCCEEDED")},
    ),
    Case("an empty file", _text("empty.asl.json", ""), {c: (2, "empty") for c in COMMANDS}),
    Case("NaN", _text("nan.asl.json", '{"StartAt": NaN}'), {c: (2, "NaN") for c in COMMANDS}),
    Case(
        "truncated JSON",
        _text("cut.asl.json", json.dumps(VALID)[:-5]),
        {c: (2, "not valid JSON") for c in COMMANDS},
    ),
    Case("a JSON array", _text("array.asl.json", "[1, 2]")),
    Case("JSON null", _text("null.asl.json", "null")),
    Case("States that is a list", _doc("list.asl.json", {"StartAt": "A", "States": [1]})),
    Case(
        "states of every wrong shape",
        _doc(
            "shapes.asl.json",
            {
                "StartAt": "A",
                "States": {
                    "A": {"Type": "Choice", "Choices": "x", "Default": 5},
                    "B": [],
                    "C": {"Type": 7, "Next": {"x": 1}},
                    "D": {"Type": "Map", "ItemProcessor": [], "Next": "A"},
                    "E": {"Type": "Parallel", "Branches": {"x": 1}, "End": True},
                    "F": {"Type": "Task", "Resource": ["x"], "Retry": "x", "End": True},
                },
            },
        ),
    ),
    # -- runaway executions ------------------------------------------------------------------
    Case(
        "a cycle of Pass states",
        _doc(
            "cycle.asl.json",
            _machine(("A", {"Type": "Pass", "Next": "B"}), ("B", {"Type": "Pass", "Next": "A"})),
        ),
        {"run": (1, "more than 2,000 states"), "validate": (1, "ASL203")},
        run_args=SMALL_BOUNDS,
    ),
    Case(
        "a Retry with MaxAttempts 99999999",
        _doc("retry.asl.json", _failing_parallel(BackoffRate=1)),
        {"run": (1, "more than 25,000 states")},  # the default bound
    ),
    Case(
        "a Retry with MaxAttempts 99999999 and exponential backoff",
        _doc("backoff.asl.json", _failing_parallel(BackoffRate=2)),
        {"run": (1, "past the year 9999")},
    ),
    Case(
        "JSONata: infinite recursion",
        _doc("recurse.asl.json", _pass_output("($f := function($x){ 1 + $f($x) }; $f(1))")),
        {"run": (1, RUNAWAY)},
    ),
    Case(
        "JSONata: endless tail recursion",
        _doc("tail.asl.json", _pass_output("($f := function($x){ $f($x) }; $f(1))")),
        {"run": (1, "expression '($f := function($x){ $f($x) }; $f(1))' took more than 50,000")},
        run_args=SMALL_BOUNDS,
    ),
    Case(
        "JSONata: tail recursion to 10^8",
        _doc(
            "tail8.asl.json",
            _pass_output("($f := function($x){ $x > 100000000 ? $x : $f($x + 1) }; $f(1))"),
        ),
        {"run": (1, "took more than 500,000 evaluation steps")},  # the default bound
    ),
    Case(
        "JSONata: nested $map over large ranges",
        _doc(
            "map.asl.json",
            _pass_output(
                "$count($map([1..100000], function($a){ $map([1..100000], function($b){ $a * $b }) }))"
            ),
        ),
        {"run": (1, "took more than 50,000 evaluation steps")},
        run_args=SMALL_BOUNDS,
    ),
    Case(
        "JSONata: catastrophic regex",
        _doc("regex.asl.json", _pass_output('$match($pad("", 1000, "a"), /(.*a){25}b/)')),
        {"run": (1, "regular expression")},
    ),
    Case(
        "JSONata: $range(1, 1e8, 1)",
        _doc("range.asl.json", _pass_output("$count($range(1, 1e8, 1))")),
        {"run": (1, "10,000,000 items")},
    ),
    Case(
        "JSONata: [1..1e8]",
        _doc("rangeop.asl.json", _pass_output("$count([1..100000000])")),
        {"run": (1, "States.QueryEvaluationError")},
    ),
    Case(
        "JSONata: a string doubled forty times",
        _doc(
            "doubling.asl.json",
            _pass_output(
                '($f := function($s, $n){ $n = 0 ? $s : $f($s & $s, $n - 1) }; $f("x", 40))'
            ),
        ),
        {"run": (1, "10,000,000 characters")},
    ),
    Case(
        "JSONata: $join of a thousand copies of a long string",
        _doc("join.asl.json", _pass_output('($b := $pad("", 100000, "x"); $join([1..1000].($b)))')),
        {"run": (1, "$join: a string")},
    ),
    Case(
        "JSONata: thousands of different strings of a million characters",
        _doc("many.asl.json", _pass_output('$count([1..5000].($pad("", 1000000, "x")))')),
        {"run": (1, "MiB of memory")},
    ),
    Case(
        "JSONPath: twenty thousand references to one 200 KB string",
        _doc(
            "references.asl.json",
            _machine(
                (
                    "Big",
                    {
                        "Type": "Pass",
                        "Result": "x" * 200_000,
                        "ResultPath": "$.big",
                        "Next": "Refs",
                    },
                ),
                (
                    "Refs",
                    {
                        "Type": "Pass",
                        "Parameters": {f"f{i}.$": "$.big" for i in range(20_000)},
                        "End": True,
                    },
                ),
            ),
        ),
        # four gigabytes as text (a MemoryError when written), found too large without writing it
        {"run": (1, "States.DataLimitExceeded")},
    ),
    Case(
        "a Map over a million items",
        _doc(
            "bigmap.asl.json",
            _machine(
                (
                    "M",
                    {
                        "Type": "Map",
                        "Items": "{% [1..1000000] %}",
                        "ItemProcessor": {
                            "StartAt": "I",
                            "States": {"I": {"Type": "Pass", "End": True}},
                        },
                        "End": True,
                    },
                ),
                jsonata=True,
            ),
        ),
        {"run": (1, "more than 2,000 states")},
        run_args=SMALL_BOUNDS,
    ),
    Case(
        "a Wait of 10^12 seconds (simulated time)",
        _doc("wait.asl.json", _machine(("W", {"Type": "Wait", "Seconds": 10**12, "End": True}))),
    ),
    Case(
        "States.ArrayRange over a billion items",
        _doc(
            "arrayrange.asl.json",
            _machine(
                (
                    "P",
                    {
                        "Type": "Pass",
                        "Parameters": {"r.$": "States.ArrayRange(1, 1000000000, 1)"},
                        "End": True,
                    },
                )
            ),
        ),
        {"run": (1, "States")},
    ),
    Case(
        "a Task whose Resource is a ${Placeholder} with no value",
        _doc(
            "placeholder.asl.json",
            _machine(("T", {"Type": "Task", "Resource": "${CheckFunctionArn}", "End": True})),
        ),
        {"policy": (0, "has no value in the substitutions")},
    ),
    Case(
        "a Lambda ARN with '*' for its region",
        _doc(
            "star.asl.json",
            _machine(
                (
                    "T",
                    {
                        "Type": "Task",
                        "Resource": "arn:aws:lambda:*:123456789012:function:f",
                        "End": True,
                    },
                )
            ),
        ),
        {"policy": (2, "contains '*'")},
    ),
    # -- file names ----------------------------------------------------------------------------
    Case(
        "a file name with spaces and non-ASCII letters",
        _doc("my flöw (v2).asl.json", VALID),
        {"policy": (0, "'my-flow-v2' derived from the file name"), "validate": (0, "valid")},
    ),
)
