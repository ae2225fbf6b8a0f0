"""Paths through a definition and their cost (states entered, transitions), as the review page
reports them."""

from __future__ import annotations

from typing import Any

from flowdsl.review.mermaid import render_markdown
from flowdsl.review.paths import paths


def _task(next_: str | None = None, **more: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"}
    state.update({"Next": next_} if next_ else {"End": True})
    state.update(more)
    return state


def test_a_choice_gives_one_path_per_rule_and_the_default() -> None:
    definition = {
        "StartAt": "A",
        "States": {
            "A": _task("C"),
            "C": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": "B"}],
                "Default": "F",
            },
            "B": _task(),
            "F": {"Type": "Fail", "Error": "E"},
        },
    }
    found, more = paths(definition)
    assert not more
    assert [(p.states, p.entered, p.transitions) for p in found] == [
        (("A", "C", "B"), 3, 2),
        (("A", "C", "F"), 3, 2),
    ]


def test_a_catch_is_a_path_of_its_own_and_a_loop_is_followed_once() -> None:
    definition = {
        "StartAt": "Poll",
        "States": {
            "Poll": _task("Done?", Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]),
            "Done?": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.done", "BooleanEquals": False, "Next": "Wait"}],
                "Default": "Finish",
            },
            "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
            "Finish": {"Type": "Succeed"},
            "Failed": {"Type": "Fail"},
        },
    }
    found, _ = paths(definition)
    loop, done, failed = found
    assert loop.states == ("Poll", "Done?", "Wait") and loop.loops_to == "Poll"
    assert (loop.entered, loop.transitions) == (3, 3)
    assert done.states == ("Poll", "Done?", "Finish") and done.loops_to is None
    assert failed.states == ("Poll", "Failed") and failed.caught == (1,)


def test_parallel_branches_and_one_map_iteration_are_counted() -> None:
    branch = {"StartAt": "X", "States": {"X": _task("Y"), "Y": _task()}}
    definition = {
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Branches": [branch, branch], "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": branch, "End": True},
        },
    }
    ((path,), _) = paths(definition)
    # P, M, two branches of two states, one iteration of two states.
    assert (path.entered, path.transitions) == (2 + 4 + 2, 1 + 2 + 1)


def test_many_paths_stop_at_the_limit() -> None:
    states: dict[str, Any] = {}
    for i in range(20):  # 2**20 paths
        states[f"C{i}"] = {
            "Type": "Choice",
            "Choices": [{"Variable": "$.x", "IsPresent": True, "Next": f"A{i}"}],
            "Default": f"B{i}",
        }
        following = f"C{i + 1}" if i < 19 else None
        states[f"A{i}"] = {"Type": "Pass", **({"Next": following} if following else {"End": True})}
        states[f"B{i}"] = {"Type": "Pass", **({"Next": following} if following else {"End": True})}
    found, more = paths({"StartAt": "C0", "States": states}, limit=10)
    assert len(found) == 10 and more


def test_the_review_page_lists_the_paths() -> None:
    definition = {
        "StartAt": "A",
        "States": {"A": _task(Catch=[{"ErrorEquals": ["States.ALL"], "Next": "B"}]), "B": _task()},
    }
    page = render_markdown(definition, name="Flow")
    assert "| `A` | 1 | 0 |" in page
    assert "| `A` → on error: `B` | 2 | 1 |" in page


def test_a_long_path_keeps_its_ends_on_the_page() -> None:
    names = [f"S{i}" for i in range(30)]
    states = {
        name: {"Type": "Pass", **({"Next": names[i + 1]} if i < 29 else {"End": True})}
        for i, name in enumerate(names)
    }
    page = render_markdown({"StartAt": "S0", "States": states}, name="Long")
    assert "| `S0` → `S1` → `S2` → `S3` → `S4` → `S5` → … 18 more … → `S24` →" in page
    assert "`S29` | 30 | 29 |" in page
