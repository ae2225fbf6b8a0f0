"""Semantic diff of ASL definitions and IAM policies, and the `flowdsl diff` command."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowdsl.review import diff as d
from flowdsl.review import policy_diff as p
from flowdsl.review.diff import Change, render_text, semantic_diff
from flowdsl.review.policy_diff import policy_diff
from tests.conftest import run_flowdsl as flowdsl
from tests.review.cases import CONSTRUCTS, seeds

BOOKSTORE = seeds().get("seed_003_bookstore") or CONSTRUCTS["parallel"]


def edited(base: dict[str, Any], edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    copied = copy.deepcopy(base)
    edit(copied)
    return copied


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.kind, c.message) for c in changes]


def test_equal_definitions_have_no_changes() -> None:
    assert semantic_diff(CONSTRUCTS["loop"], copy.deepcopy(CONSTRUCTS["loop"])) == []
    assert render_text([]) == "No semantic changes.\n"


def test_state_added_and_removed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["Wait a bit"]["Next"] = "Log"
        doc["States"]["Log"] = {"Type": "Pass", "Next": "Poll"}
        del doc["States"]["Job failed"]
        doc["States"]["Finished?"]["Choices"].pop()

    changes = semantic_diff(CONSTRUCTS["loop"], edited(CONSTRUCTS["loop"], edit))
    assert (d.STATE_ADDED, "'Log' added (Pass)") in kinds(changes)
    assert (d.STATE_REMOVED, "'Job failed' removed (Fail)") in kinds(changes)
    assert (d.REWIRED, "'Wait a bit': next 'Poll' -> next 'Log'") in kinds(changes)
    assert any(
        c.kind == d.CHOICE_CHANGED and "rule removed" in c.message and "FAILED" in c.message
        for c in changes
    )


def test_rename_is_one_change_and_does_not_rewire_its_predecessors() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["Wait for Glue"] = doc["States"].pop("Wait a bit")
        doc["States"]["Start job"]["Next"] = "Wait for Glue"
        doc["States"]["Finished?"]["Default"] = "Wait for Glue"

    changes = semantic_diff(CONSTRUCTS["loop"], edited(CONSTRUCTS["loop"], edit))
    assert kinds(changes) == [(d.STATE_RENAMED, "'Wait a bit' renamed to 'Wait for Glue'")]
    assert changes[0].old == "Wait a bit" and changes[0].new == "Wait for Glue"


def test_rename_is_found_even_when_the_renamed_state_is_rewired() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["Glue poll"] = doc["States"].pop("Poll")
        doc["States"]["Glue poll"]["Next"] = "OK"
        doc["States"]["Wait a bit"]["Next"] = "Glue poll"

    changes = semantic_diff(CONSTRUCTS["loop"], edited(CONSTRUCTS["loop"], edit))
    assert kinds(changes) == [
        (d.STATE_RENAMED, "'Poll' renamed to 'Glue poll'"),
        (d.REWIRED, "'Glue poll': next 'Finished?' -> next 'OK'"),
    ]


def test_bare_states_are_not_mistaken_for_renames() -> None:
    old = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}
    new = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "C"}, "C": {"Type": "Succeed"}}}
    assert [c.kind for c in semantic_diff(old, new)] == [
        d.STATE_RENAMED,  # identical content: a rename
        # and nothing else: A's Next follows the rename
    ]
    new["States"]["A"]["Next"] = "X"
    new["States"]["X"] = new["States"].pop("C")
    new["States"]["X"]["Comment"] = "changed"
    assert {c.kind for c in semantic_diff(old, new)} == {
        d.STATE_ADDED,
        d.STATE_REMOVED,
        d.REWIRED,
    }


def test_transitions_rewired_start_next_default_and_choice_targets() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["StartAt"] = "Route"
        doc["States"]["Route"]["Default"] = "Ship"
        doc["States"]["Route"]["Choices"][0]["Next"] = "Send"
        doc["States"]["Ship"] = {"Type": "Pass", "Next": "Send"}

    changes = semantic_diff(
        CONSTRUCTS["choice_jsonpath"], edited(CONSTRUCTS["choice_jsonpath"], edit)
    )
    assert kinds(changes) == [
        (d.REWIRED, "'Route': default 'Reject' -> 'Ship'"),
        (d.REWIRED, "'Route': when $.stock > 0: 'Ship' -> 'Send'"),
        (d.REWIRED, "'Ship': end -> next 'Send'"),
    ]
    moved = edited(CONSTRUCTS["loop"], lambda doc: doc.update(StartAt="Poll"))
    assert kinds(semantic_diff(CONSTRUCTS["loop"], moved)) == [
        (d.REWIRED, "start: 'Start job' -> 'Poll'")
    ]


def test_choice_rules_added_edited_and_reordered() -> None:
    def edit(doc: dict[str, Any]) -> None:
        rules = doc["States"]["Route"]["Choices"]
        rules[0]["NumericGreaterThan"] = 5
        rules[1], rules[2] = rules[2], rules[1]

    changes = semantic_diff(
        CONSTRUCTS["choice_jsonpath"], edited(CONSTRUCTS["choice_jsonpath"], edit)
    )
    messages = [c.message for c in changes if c.kind == d.CHOICE_CHANGED]
    assert "'Route': rule removed: when $.stock > 0 go to 'Ship'" in messages
    assert "'Route': rule added: when $.stock > 5 go to 'Ship'" in messages
    assert "'Route': rules reordered (first match wins)" in messages
    jsonata = edited(
        CONSTRUCTS["choice_jsonata"],
        lambda doc: doc["States"]["Route"]["Choices"][0].update(Condition="{% $x %}"),
    )
    assert any(
        "rule added: when $x go to 'Big'" in c.message
        for c in semantic_diff(CONSTRUCTS["choice_jsonata"], jsonata)
    )


def test_retry_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["Check Inventory"]["Retry"][0]["MaxAttempts"] = 3

    changes = semantic_diff(CONSTRUCTS["catch"], edited(CONSTRUCTS["catch"], edit))
    assert [c.kind for c in changes] == [d.RETRY_CHANGED]
    assert "6 retries · 2 s · backoff 2" in changes[0].message
    assert "3 retries · 2 s · backoff 2" in changes[0].message
    removed = edited(CONSTRUCTS["catch"], lambda doc: doc["States"]["Check Inventory"].pop("Retry"))
    assert semantic_diff(CONSTRUCTS["catch"], removed)[0].message.endswith("-> no retry")


def test_catch_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["Check Inventory"]["Catch"][1]["Next"] = "Timed Out"

    changes = semantic_diff(CONSTRUCTS["catch"], edited(CONSTRUCTS["catch"], edit))
    assert [c.kind for c in changes] == [d.CATCH_CHANGED]
    assert "catch States.ALL -> 'Failed'" in changes[0].message
    assert changes[0].message.endswith(
        "catch States.Timeout -> 'Timed Out'; catch States.ALL -> 'Timed Out'"
    )


def test_resource_and_integration_pattern_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["Check Inventory"]["Resource"] = "arn:aws:states:::sqs:sendMessage"

    changes = semantic_diff(CONSTRUCTS["catch"], edited(CONSTRUCTS["catch"], edit))
    assert kinds(changes) == [
        (
            d.RESOURCE_CHANGED,
            "'Check Inventory': sqs:sendMessage.waitForTaskToken (wait for callback "
            "(.waitForTaskToken)) -> sqs:sendMessage (request-response)",
        )
    ]


def test_other_field_changes_on_states_and_definition() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["TimeoutSeconds"] = 3600
        doc["States"]["Check Inventory"]["Parameters"]["QueueUrl"] = "${OtherQueueUrl}"
        del doc["States"]["Check Inventory"]["TimeoutSeconds"]
        doc["States"]["Failed"]["Type"] = "Succeed"

    changes = semantic_diff(CONSTRUCTS["catch"], edited(CONSTRUCTS["catch"], edit))
    messages = [c.message for c in changes if c.kind == d.FIELD_CHANGED]
    assert "definition: TimeoutSeconds added: 3600" in messages
    assert any(
        m.startswith("'Check Inventory': Parameters: ") and "OtherQueueUrl" in m for m in messages
    )
    assert "'Check Inventory': TimeoutSeconds removed (was 300)" in messages
    assert '\'Failed\': Type: "Fail" -> "Succeed"' in messages


def test_changes_inside_parallel_branches() -> None:
    def edit(doc: dict[str, Any]) -> None:
        branch = doc["States"]["Fan out"]["Branches"][0]["States"]
        branch["Email"]["Resource"] = "arn:aws:states:::sns:publish.waitForTaskToken"
        branch["Log"]["Comment"] = "now commented"
        doc["States"]["Fan out"]["Branches"].append(
            {"StartAt": "Audit", "States": {"Audit": {"Type": "Pass", "End": True}}}
        )

    changes = semantic_diff(CONSTRUCTS["parallel"], edited(CONSTRUCTS["parallel"], edit))
    assert kinds(changes) == [
        (
            d.RESOURCE_CHANGED,
            "'Fan out' / branch 1 / 'Email': sns:publish (request-response) -> "
            "sns:publish.waitForTaskToken (wait for callback (.waitForTaskToken))",
        ),
        (d.FIELD_CHANGED, "'Fan out' / branch 1 / 'Log': Comment added: \"now commented\""),
        (d.BRANCH_ADDED, "'Fan out' / branch 3 added (starts at 'Audit')"),
    ]
    assert changes[0].path == ("Fan out", "branch 1", "Email")
    back = semantic_diff(edited(CONSTRUCTS["parallel"], edit), CONSTRUCTS["parallel"])
    assert (d.BRANCH_REMOVED, "'Fan out' / branch 3 removed (started at 'Audit')") in kinds(back)


def test_changes_inside_map_processors() -> None:
    def edit(doc: dict[str, Any]) -> None:
        processor = doc["States"]["Each order"]["ItemProcessor"]
        processor["ProcessorConfig"]["Mode"] = "DISTRIBUTED"
        processor["States"]["Stored"] = processor["States"].pop("Saved")
        processor["States"]["Valid?"]["Choices"][0]["Next"] = "Stored"
        processor["States"]["Save"]["Retry"] = [{"ErrorEquals": ["States.ALL"]}]
        doc["States"]["Each order"]["MaxConcurrency"] = 10

    changes = semantic_diff(CONSTRUCTS["map"], edited(CONSTRUCTS["map"], edit))
    assert kinds(changes) == [
        (
            d.FIELD_CHANGED,
            '\'Each order\' processor: ProcessorConfig: {"Mode": "INLINE"} -> '
            '{"Mode": "DISTRIBUTED"}',
        ),
        (d.STATE_RENAMED, "'Each order' / 'Saved' renamed to 'Stored'"),
        (d.RETRY_CHANGED, "'Each order' / 'Save': no retry -> retry States.ALL"),
        (d.FIELD_CHANGED, "'Each order': MaxConcurrency: 5 -> 10"),
    ]


def test_text_rendering_marks_additions_and_removals() -> None:
    changes = [
        Change(d.STATE_ADDED, ("A",), "'A' added (Pass)"),
        Change(d.STATE_REMOVED, ("B",), "'B' removed (Pass)"),
        Change(d.REWIRED, ("C",), "'C': end -> next 'A'"),
    ]
    assert render_text(changes) == (
        "+ state-added         'A' added (Pass)\n"
        "- state-removed       'B' removed (Pass)\n"
        "~ transition-rewired  'C': end -> next 'A'\n"
    )


def test_diff_of_seed_bookstore_and_its_json_form() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["States"]["In Stock"] = doc["States"].pop("Pass")
        doc["States"]["Choice"]["Choices"][0]["Next"] = "In Stock"

    changes = semantic_diff(BOOKSTORE, edited(BOOKSTORE, edit))
    assert [c.to_dict() for c in changes] == [
        {
            "kind": d.STATE_RENAMED,
            "path": ["In Stock"],
            "message": "'Pass' renamed to 'In Stock'",
            "old": "Pass",
            "new": "In Stock",
        }
    ]


POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["sqs:SendMessage"],
            "Resource": "arn:aws:sqs:eu-west-1:1:Orders",
        },
        {
            "Sid": "Invoke",
            "Effect": "Allow",
            "Action": "lambda:InvokeFunction",
            "Resource": [
                "arn:aws:lambda:eu-west-1:1:function:a",
                "arn:aws:lambda:eu-west-1:1:function:b",
            ],
        },
    ],
}


def test_policy_actions_resources_and_statements() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["Statement"][0]["Action"].append("sqs:GetQueueUrl")
        doc["Statement"][1]["Resource"].pop()
        doc["Statement"][1]["Action"] = []
        doc["Statement"].append({"Effect": "Allow", "Action": "sns:Publish", "Resource": "*"})

    changes = policy_diff(POLICY, edited(POLICY, edit), label="role-policy.json")
    assert kinds(changes) == [
        (p.ACTIONS_ADDED, "role-policy.json: statement 1: actions added: sqs:GetQueueUrl"),
        (
            p.ACTIONS_REMOVED,
            "role-policy.json: statement 'Invoke': actions removed: lambda:InvokeFunction",
        ),
        (
            p.RESOURCES_REMOVED,
            "role-policy.json: statement 'Invoke': resources removed: arn:aws:lambda:eu-west-1:1:function:b",
        ),
        (p.STATEMENT_ADDED, "role-policy.json: statement 3 added (Allow sns:Publish on *)"),
    ]
    assert policy_diff(POLICY, copy.deepcopy(POLICY)) == []


def test_policy_statement_removed_and_other_elements() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["Statement"][0]
        doc["Statement"][0]["Condition"] = {"StringEquals": {"aws:SourceAccount": "1"}}

    kinds_only = [c.kind for c in policy_diff(POLICY, edited(POLICY, edit))]
    assert sorted(kinds_only) == [p.STATEMENT_CHANGED, p.STATEMENT_REMOVED]
    single = {"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}
    assert [c.kind for c in policy_diff(single, {"Statement": []})] == [p.STATEMENT_REMOVED]


# The command line.


def write(path: Path, document: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def test_cli_equal_files_exit_0(tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", CONSTRUCTS["loop"])
    # The same document with its keys in another order is the same definition.
    reordered = dict(reversed(list(CONSTRUCTS["loop"].items())))
    new = write(tmp_path / "new.json", reordered)
    result = flowdsl(tmp_path, "diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No changes.\n"


def test_cli_prints_summary_then_unified_diff_and_exits_1(tmp_path: Path) -> None:
    old = write(tmp_path / "old.asl.json", CONSTRUCTS["catch"])
    changed = edited(
        CONSTRUCTS["catch"], lambda doc: doc["States"]["Check Inventory"].update(Next="Failed")
    )
    new = write(tmp_path / "new.asl.json", changed)
    result = flowdsl(tmp_path, "diff", str(old), str(new))
    assert result.returncode == 1, result.stderr
    summary, _, unified = result.stdout.partition("\n\n")
    assert summary == "~ transition-rewired  'Check Inventory': next 'Done' -> next 'Failed'"
    assert unified.startswith(f"--- {old}\n+++ {new}\n@@")
    assert '-      "Next": "Done"\n+      "Next": "Failed"\n' in unified


def test_cli_json_format(tmp_path: Path) -> None:
    old = write(tmp_path / "old.json", CONSTRUCTS["wait"])
    new = write(
        tmp_path / "new.json",
        edited(CONSTRUCTS["wait"], lambda doc: doc["States"]["Fixed"].update(Seconds=5)),
    )
    result = flowdsl(tmp_path, "diff", str(old), str(new), "--format", "json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["equal"] is False
    assert document["changes"] == [
        {
            "kind": "field-changed",
            "path": ["Fixed"],
            "message": "'Fixed': Seconds: 10 -> 5",
            "old": 10,
            "new": 5,
        }
    ]
    assert '-      "Seconds": 10,\n+      "Seconds": 5,\n' in document["unified_diff"]


def test_cli_summarises_policies_beside_generated_definitions(tmp_path: Path) -> None:
    old = write(tmp_path / "old" / "W" / "definition.asl.json", CONSTRUCTS["catch"])
    new = write(tmp_path / "new" / "W" / "definition.asl.json", CONSTRUCTS["catch"])
    write(tmp_path / "old" / "W" / "role-policy.json", POLICY)
    grown = edited(POLICY, lambda doc: doc["Statement"][0]["Action"].append("sqs:DeleteMessage"))
    write(tmp_path / "new" / "W" / "role-policy.json", grown)
    worker = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "states:SendTaskSuccess", "Resource": "*"}],
    }
    write(tmp_path / "new" / "W" / "worker-policy.json", worker)
    result = flowdsl(tmp_path, "diff", str(old), str(new))
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "+ actions-added    role-policy.json: statement 1: actions added: sqs:DeleteMessage\n"
        "+ statement-added  worker-policy.json: statement 1 added (Allow states:SendTaskSuccess on *)\n"
    )


def test_cli_compares_two_policy_files(tmp_path: Path) -> None:
    old = write(tmp_path / "a.json", POLICY)
    new = write(tmp_path / "b.json", edited(POLICY, lambda doc: doc["Statement"].pop()))
    result = flowdsl(tmp_path, "diff", str(old), str(new))
    assert result.returncode == 1
    assert result.stdout.startswith("- statement-removed  b.json: statement 'Invoke' removed")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("missing.json", "ok.json", "missing.json: no such file"),
        ("bad.json", "ok.json", "not valid JSON"),
        ("ok.json", "list.json", "neither an ASL definition"),
        ("ok.json", "policy.json", "cannot compare ASL definition"),
        ("ok.json", ".", "is a directory"),
    ],
)
def test_cli_bad_input_exits_2_without_traceback(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    write(tmp_path / "ok.json", CONSTRUCTS["wait"])
    write(tmp_path / "list.json", [1])
    write(tmp_path / "policy.json", POLICY)
    (tmp_path / "bad.json").write_text("{nope", encoding="utf-8")
    result = flowdsl(tmp_path, "diff", old, new)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
