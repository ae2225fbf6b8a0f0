"""Bugs the differential generator found, each minimized to a fixed example.

Every example is checked the same way as a generated program: run as Python and compiled to
ASL, the two must agree. An example of an open bug is `xfail(strict=True)`: when the bug is
fixed the test starts passing, fails as XPASS, and tells you to drop the xfail and remove the
matching name from `KNOWN_BUGS` in generator.py so the generator covers the construct again.
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


@compiler_bug(
    "`or`/`and` on non-booleans become a boolean; Python returns an operand "
    "(0 or 5 is 5, 3 and 'z' is 'z'). frontend/expressions.py visit_BoolOp applies condition()."
)
def test_or_returns_an_operand_not_a_boolean() -> None:
    check(
        '@workflow\ndef flow(inp):\n    a = inp["n"] or 5\n    b = 0 or "x"\n'
        '    return {"a": a, "b": b}\n',
        INPUT,
    )


@compiler_bug(
    "truthiness of a list is $boolean(list), which is false for [0], [''], [False] "
    "(JSONata casts an array by its members); Python: any non-empty list is true."
)
def test_list_of_falsy_items_is_truthy() -> None:
    check(
        '@workflow\ndef flow(inp):\n    zeros = [0]\n    if zeros:\n        return "non-empty"\n'
        '    return "empty"\n',
        INPUT,
    )


@compiler_bug("s[1] on a string reads no value (JSONata indexes arrays only); Python gives 'b'")
def test_indexing_a_string() -> None:
    check('@workflow\ndef flow(inp):\n    s = "abc"\n    return {"c": s[1]}\n', INPUT)


@compiler_bug(
    "max()/min() of strings become $max/$min, which take numbers only: "
    "States.QueryEvaluationError; Python compares the strings."
)
def test_max_of_strings() -> None:
    check('@workflow\ndef flow(inp):\n    return {"m": max(inp["s"], "b")}\n', INPUT)


@compiler_bug(
    "str() and f-strings of a list use JSONata's $string ('[1,\"x\"]'); Python writes \"[1, 'x']\"."
)
def test_str_of_a_list() -> None:
    check(
        '@workflow\ndef flow(inp):\n    return {"t": str([1, "x"]), "f": f"{inp[\'xs\']}"}\n', INPUT
    )


@compiler_bug(
    "a comprehension over a one-item list whose element is a list collapses: "
    "[[x, x] for x in [1]] gives [1, 1] ($map returns a singleton sequence that [...] "
    "flattens); Python gives [[1, 1]]."
)
def test_comprehension_of_one_list_element() -> None:
    check('@workflow\ndef flow(inp):\n    return {"k": [[x, x] for x in [1]]}\n', INPUT)


# -- statements --------------------------------------------------------------------------------


@compiler_bug(
    "a `# state:` comment on a comprehension that calls a service names both the Map and the "
    "Task inside it: FD191 'state name used twice'. The Task could be '<name> item'."
)
def test_state_comment_on_a_service_comprehension() -> None:
    check(
        '@workflow\ndef flow(inp):\n    out = [inc(x) for x in inp["xs"]]  # state: Bump\n'
        "    return out\n",
        INPUT,
    )


@compiler_bug(
    "in a try body of several states (a one-branch Parallel), assignments made before the "
    "failing step are lost: the Catch keeps the values from before the try. Python keeps them."
)
def test_assignment_before_a_failure_in_a_try_body_survives() -> None:
    check(
        "@workflow\ndef flow(inp):\n    x = 1\n    try:\n        x = 2\n        boom(x)\n"
        "    except Boom:\n        pass\n    return x\n",
        INPUT,
    )


@compiler_bug(
    "a parallel branch without `return` outputs its input (the workflow input) instead of "
    "None: its last state passes its input through. Python returns None."
)
def test_branch_without_return_gives_none() -> None:
    check(
        "@workflow\ndef flow(inp):\n    def quiet():\n        wait(seconds=0)\n"
        "    def loud():\n        return 1\n    a, b = parallel(quiet, loud)\n"
        '    return {"a": a, "b": b}\n',
        INPUT,
    )


@compiler_bug(
    "a try body of several states run twice (in a loop) fails with States.Runtime: the body "
    "assigns `t` inside the Parallel branch, the Parallel's Assign binds `t` in the outer "
    "scope, and on the second pass the branch assigns a name the outer scope holds (AWS: a "
    "nested scope may only read outer variables). Names the body assigns need their own alias "
    "inside the branch, like names already bound before the try."
)
def test_try_body_in_a_loop() -> None:
    check(
        "@workflow\ndef flow(inp):\n    n = 0\n    while n < 2:\n        n += 1\n"
        "        try:\n            t = n\n            check(t)\n        except Negative:\n"
        "            pass\n    return n\n",
        INPUT,
    )


@compiler_bug(
    "list(x) is rendered `[x]`: when x is itself an array constructor (a literal, sorted(...), "
    ".keys()) JSONata keeps the nesting and list([3, 4]) gives [[3, 4]]. Python copies the list."
)
def test_list_of_a_list_display() -> None:
    check(
        '@workflow\ndef flow(inp):\n    return {"c": list([3, 4]), "s": list(sorted(inp["xs"]))}\n',
        INPUT,
    )


@compiler_bug(
    "`raise Bad` (an error class, not called) is rejected with FD113, whose own message offers "
    "'an error class'; Python raises Bad() and the Fail state needs no Cause."
)
def test_raise_an_error_class_without_a_cause() -> None:
    check(
        '@workflow\ndef flow(inp):\n    if inp["flag"]:\n        raise Bad\n    return 1\n', INPUT
    )


@compiler_bug(
    "a comprehension variable inside a parallel branch that has the name of a workflow "
    "variable makes every read of that name in the branch read the branch's (never assigned) "
    "alias: [n, 1] loses n. frontend/statements.py lower_branch_function counts comprehension "
    "targets as assignments (assigned_names walks into comprehensions); Python scopes them to "
    "the comprehension."
)
def test_comprehension_variable_shadowing_in_a_branch() -> None:
    check(
        "@workflow\ndef flow(inp):\n    n = 5\n    def b():\n        a = [n, 1]\n"
        "        return [n for n in [7]] + a\n    x, = parallel(b)\n    return x\n",
        INPUT,
    )


@compiler_bug(
    "JSONPath only: a try body of several states that assigns a variable on some paths only "
    "fails with States.Runtime when that path is not taken: the wrapper's 'try results' Pass "
    "reads `$t`, which does not exist (a JSONPath reference must resolve; JSONata drops the "
    "field). Python: t stays unassigned and nothing fails."
)
def test_jsonpath_try_body_assigning_on_one_path() -> None:
    check(
        '@workflow(query_language="JSONPath")\ndef flow(inp):\n    try:\n'
        '        if inp["flag"]:\n            t = 1\n        check(1)\n    except Bad:\n'
        "        pass\n    return 0\n",
        {**INPUT, "flag": False},
    )


@compiler_bug(
    "JSONPath only: `if c:` where the compiler knows c is a boolean (c = True) is rejected with "
    "FD180 'this condition cannot be written in JSONPath', though a Choice rule "
    '{"Variable": "$c", "BooleanEquals": true} says it: asl/jsonpath_choice.py has no rule for '
    "a plain variable (condition() only wraps non-booleans in Truthy)."
)
def test_jsonpath_boolean_variable_as_condition() -> None:
    check(
        '@workflow(query_language="JSONPath")\ndef flow(inp):\n    c = True\n    if c:\n'
        "        return 1\n    return 0\n",
        INPUT,
    )


@compiler_bug(
    "JSONPath only: a try body holding a for loop or a comprehension fails with States.Runtime: "
    "the wrapper's 'try results' Pass reads every name stored anywhere in the body "
    "(statements.py assigned_names walks into loops and comprehensions), including the loop "
    "variable `x`, which lives in the Map's scope only. JSONata reads it as undefined and "
    "drops it, so only JSONPath fails."
)
def test_jsonpath_try_body_with_a_comprehension() -> None:
    check(
        '@workflow(query_language="JSONPath")\ndef flow(inp):\n    try:\n'
        '        out = [inc(x) for x in inp["xs"]]\n        check(1)\n    except Bad:\n'
        "        out = []\n    return out\n",
        INPUT,
    )
