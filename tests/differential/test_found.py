"""Bugs the differential generator found, each minimized to a fixed example.

Every example is checked the same way as a generated program: run as Python and compiled to
ASL, the two must agree. An example of an open bug is `xfail(strict=True)`: when the bug is
fixed the test starts passing, fails as XPASS, and tells you to drop the xfail and remove the
matching name from `KNOWN_BUGS` in generator.py so the generator covers the construct again.
Examples without xfail are bugs found and since fixed, kept as regression tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.differential.oracle import check

INPUT: dict[str, Any] = {
    "n": 3,
    "s": "a-b",
    "xs": [1, 2],
    "ws": ["a"],
    "flag": True,
    "r": {"v": 1, "s": "x"},
}


def compiler_bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(reason=f"compiler: {reason}", strict=True, raises=AssertionError)


# -- expressions -------------------------------------------------------------------------------


def test_or_returns_an_operand_not_a_boolean() -> None:
    check(
        '@workflow\ndef flow(inp):\n    a = inp["n"] or 5\n    b = 0 or "x"\n'
        '    return {"a": a, "b": b}\n',
        INPUT,
    )


def test_list_of_falsy_items_is_truthy() -> None:
    check(
        '@workflow\ndef flow(inp):\n    zeros = [0]\n    if zeros:\n        return "non-empty"\n'
        '    return "empty"\n',
        INPUT,
    )


def test_indexing_a_string() -> None:
    check('@workflow\ndef flow(inp):\n    s = "abc"\n    return {"c": s[1]}\n', INPUT)


def test_max_of_strings() -> None:
    check('@workflow\ndef flow(inp):\n    return {"m": max(inp["s"], "b")}\n', INPUT)


@compiler_bug(
    "str() and f-strings of a list use JSONata's $string ('[1,\"x\"]'); Python writes \"[1, 'x']\"."
)
def test_str_of_a_list() -> None:
    check(
        '@workflow\ndef flow(inp):\n    return {"t": str([1, "x"]), "f": f"{inp[\'xs\']}"}\n', INPUT
    )


def test_bool_of_a_list_of_falsy_items() -> None:
    # bool() is truthiness: JSONata's $boolean([""]) is false, Python's bool([""]) is true.
    check('@workflow\ndef flow(inp):\n    return bool(inp["s"].split("-"))\n', {**INPUT, "s": ""})


def test_any_and_all_of_lists_holding_lists() -> None:
    # Items are tested by Python truthiness, and an empty list among them still counts.
    for items in ("[[0], 0]", "[[], 1]", "[[]]", "[]"):
        check(
            f'@workflow\ndef flow(inp):\n    return {{"any": any({items}), "all": all({items})}}\n',
            INPUT,
        )


def test_comprehension_of_one_list_element() -> None:
    check('@workflow\ndef flow(inp):\n    return {"k": [[x, x] for x in [1]]}\n', INPUT)


# -- statements --------------------------------------------------------------------------------


def test_state_comment_on_a_service_comprehension() -> None:
    check(
        '@workflow\ndef flow(inp):\n    out = [inc(x) for x in inp["xs"]]  # state: Bump\n'
        "    return out\n",
        INPUT,
    )


def test_assignment_before_a_failure_in_a_try_body_survives() -> None:
    check(
        "@workflow\ndef flow(inp):\n    x = 1\n    try:\n        x = 2\n        boom(x)\n"
        "    except Boom:\n        pass\n    return x\n",
        INPUT,
    )


def test_branch_without_return_gives_none() -> None:
    check(
        "@workflow\ndef flow(inp):\n    def quiet():\n        wait(seconds=0)\n"
        "    def loud():\n        return 1\n    a, b = parallel(quiet, loud)\n"
        '    return {"a": a, "b": b}\n',
        INPUT,
    )


def test_try_body_in_a_loop() -> None:
    check(
        "@workflow\ndef flow(inp):\n    n = 0\n    while n < 2:\n        n += 1\n"
        "        try:\n            t = n\n            check(t)\n        except Negative:\n"
        "            pass\n    return n\n",
        INPUT,
    )


def test_list_of_a_list_display() -> None:
    check(
        '@workflow\ndef flow(inp):\n    return {"c": list([3, 4]), "s": list(sorted(inp["xs"]))}\n',
        INPUT,
    )


def test_raise_an_error_class_without_a_cause() -> None:
    check(
        '@workflow\ndef flow(inp):\n    if inp["flag"]:\n        raise Bad\n    return 1\n', INPUT
    )


def test_comprehension_variable_shadowing_in_a_branch() -> None:
    check(
        "@workflow\ndef flow(inp):\n    n = 5\n    def b():\n        a = [n, 1]\n"
        "        return [n for n in [7]] + a\n    x, = parallel(b)\n    return x\n",
        INPUT,
    )


def test_jsonpath_try_body_assigning_on_one_path() -> None:
    check(
        '@workflow(query_language="JSONPath")\ndef flow(inp):\n    try:\n'
        '        if inp["flag"]:\n            t = 1\n        check(1)\n    except Bad:\n'
        "        pass\n    return 0\n",
        {**INPUT, "flag": False},
    )


def test_jsonpath_boolean_variable_as_condition() -> None:
    check(
        '@workflow(query_language="JSONPath")\ndef flow(inp):\n    c = True\n    if c:\n'
        "        return 1\n    return 0\n",
        INPUT,
    )


def test_jsonpath_try_body_with_a_comprehension() -> None:
    check(
        '@workflow(query_language="JSONPath")\ndef flow(inp):\n    try:\n'
        '        out = [inc(x) for x in inp["xs"]]\n        check(1)\n    except Bad:\n'
        "        out = []\n    return out\n",
        INPUT,
    )


def test_split_at_whitespace() -> None:
    # str.split() keeps no empty parts, in JSONata ($split at runs of \s) and in JSONPath
    # (States.StringSplit at every whitespace character; it drops empty parts).
    for language in ("JSONata", "JSONPath"):
        for text in ("", " ", "a b", "  a \t b\n c  ", "a--b"):
            check(
                f'@workflow(query_language="{language}")\ndef flow(inp):\n'
                '    return inp["s"].split()\n',
                {**INPUT, "s": text},
            )


def test_implicit_return_of_a_branch_takes_no_state_comment() -> None:
    # The `return None` added to a branch that falls off its end spans the branch's last
    # statement; a `# state:` comment inside that statement must not name it too (FD191).
    check(
        '@workflow\ndef flow(inp):\n    def branch1():\n        if inp["flag"]:\n'
        "            box(16)  # state: Call1\n    keys = parallel(branch1)\n"
        '    return {"keys": keys}\n',
        INPUT,
    )


# -- raise, return and loops inside a try body (lowered in place, with a Catch per state) -----


def test_raise_inside_a_try_jumps_to_the_matching_handler() -> None:
    check(
        "@workflow\ndef flow(inp):\n    x = 1\n    try:\n        x = 2\n"
        '        raise Bad("why")\n    except Other:\n        x = 3\n'
        '    except Bad as e:\n        return {"x": x, "cause": e["Cause"], "error": e["Error"]}\n'
        "    return x\n",
        INPUT,
    )


def test_raise_of_an_error_name_known_at_run_time_inside_a_try() -> None:
    for name in ("Custom.Bad", "Custom.Other", "Custom.Boom"):
        check(
            "@workflow\ndef flow(inp):\n    try:\n        inc(1)\n"
            '        raise Fail(inp["s"], "c")\n    except Bad as e:\n'
            '        return {"bad": e["Error"]}\n    except Other:\n        return "other"\n'
            '    return "never"\n',
            {**INPUT, "s": name},
        )


def test_bare_raise_in_a_handler_reaches_the_outer_try() -> None:
    check(
        "@workflow\ndef flow(inp):\n    try:\n        try:\n            boom(1)\n"
        '        except Boom as inner:\n            shout(inner["Error"])\n            raise\n'
        '    except Exception as outer:\n        return {"outer": outer["Error"]}\n'
        '    return "never"\n',
        INPUT,
    )


def test_return_break_and_continue_inside_a_try_body() -> None:
    check(
        "@workflow\ndef flow(inp):\n    n = 0\n    while True:\n        n += 1\n"
        "        try:\n            check(n)\n            if n < 2:\n                continue\n"
        '            if n > 3:\n                break\n            if inp["flag"]:\n'
        '                return {"returned": n}\n        except Bad:\n            n += 10\n'
        '    return {"n": n}\n',
        INPUT,
    )


def test_an_except_nothing_can_reach_is_left_out() -> None:
    # No state of the body can fail: the handler would be unreachable in ASL, so it is not
    # emitted, and a `# state:` comment in it is not an error (FD192).
    check(
        '@workflow\ndef flow(inp):\n    x = inp["n"]\n    try:\n        x = x + 1\n'
        "    except Bad:\n        inc(x)  # state: Call1\n    return inc(x)\n",
        INPUT,
    )
