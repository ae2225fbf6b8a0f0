"""Mermaid pictures: golden pages per construct and seed, shapes, labels, escaping, stable ids."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from typing import Any

import pytest

from flowdsl.errors import UsageError
from flowdsl.review.graph import input_binding, node_id
from flowdsl.review.mermaid import escape, render_markdown, render_mermaid
from flowdsl.review.resources import walk_states
from tests.review.cases import CONSTRUCTS, REPO, generated, seeds

SUBSTITUTIONS = {"OrdersQueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/Orders"}
GOLDEN = {**CONSTRUCTS, **seeds()}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_markdown_page_matches_golden(name: str, md_snapshot: Any) -> None:
    page = render_markdown(GOLDEN[name], name=name, substitutions=SUBSTITUTIONS)
    assert page == md_snapshot


@pytest.mark.parametrize("name", sorted(GOLDEN) + sorted(f"generated/{n}" for n in generated()))
def test_every_state_is_a_node_with_its_escaped_name(name: str) -> None:
    definition = _definition(name)
    diagram = render_mermaid(definition)
    # The compiler's `order = input` first state is drawn as the Start marker's note.
    folded = definition["StartAt"] if input_binding(definition) else None
    for state_name, _ in walk_states(definition):
        assert (f"{node_id(state_name)}" in diagram) == (state_name != folded)
        assert escape(state_name) in diagram
    assert diagram.startswith("flowchart TD\n") and diagram.endswith("\n")


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_quoted_texts_hold_no_character_mermaid_would_misread(name: str) -> None:
    diagram = render_mermaid(GOLDEN[name])
    for text in re.findall(r'"([^"]*)"', diagram):
        plain = text.replace("<br/>", "")
        assert not set(plain) & set("<>|`\n"), plain
    # Every quote opened on a line is closed on it: labels never run on.
    assert all(line.count('"') % 2 == 0 for line in diagram.splitlines())


def test_shapes_follow_state_types() -> None:
    diagram = render_mermaid(CONSTRUCTS["loop"])
    assert re.search(r'st_Start_job_\w+\["Start job<br/>aws-sdk:glue:startJobRun', diagram)
    assert re.search(r'st_Wait_a_bit_\w+\{\{"Wait a bit<br/>wait 30 s"\}\}', diagram)
    assert re.search(r'st_Finished_\w+\{"Finished\?"\}', diagram)
    assert re.search(r'st_OK_\w+\(\["OK"\]\)', diagram)
    assert re.search(r'st_Job_failed_\w+>"Job failed<br/>error: JobFailed', diagram)
    assert 'fd_start(("Start"))' in diagram and 'fd_end((("End")))' in diagram


def test_loop_draws_the_back_edge_and_default() -> None:
    diagram = render_mermaid(CONSTRUCTS["loop"])
    wait, choice = node_id("Wait a bit"), node_id("Finished?")
    assert f'{choice} -->|"default"| {wait}' in diagram
    assert (
        f'{choice} -->|"$.JobRun.JobRunState == #quot;SUCCEEDED#quot;"| {node_id("OK")}' in diagram
    )


def test_choice_labels_read_as_conditions_in_both_query_languages() -> None:
    jsonpath = render_mermaid(CONSTRUCTS["choice_jsonpath"])
    assert '"$.stock #gt; 0"' in jsonpath
    assert '"$.kind == #quot;ebook#quot; and not ($.email is not present)"' in jsonpath
    assert '"$.due #lt; $.now or $.name matches #quot;test-*#quot;"' in jsonpath
    jsonata = render_mermaid(CONSTRUCTS["choice_jsonata"])
    # The outer parentheses of `{% (...) %}` are dropped; inner ones stay.
    assert '"$states.input.total #gt; 100"' in jsonata
    assert "\"$states.input.kind = 'x' and $n #lt; 3\"" in jsonata


def test_catch_edges_are_dotted_labelled_and_red() -> None:
    diagram = render_mermaid(CONSTRUCTS["catch"])
    task = node_id("Check Inventory")
    assert f'{task} -.->|"catch States.Timeout"| {node_id("Timed Out")}' in diagram
    assert f'{task} -.->|"catch States.ALL"| {node_id("Failed")}' in diagram
    edges = [line.strip() for line in diagram.splitlines() if "-->" in line or "-.->" in line]
    dotted = [str(i) for i, edge in enumerate(edges) if "-.->" in edge]
    assert f"linkStyle {','.join(dotted)} stroke:#dc2626" in diagram


def test_retry_and_target_are_shown_on_the_task() -> None:
    diagram = render_mermaid(CONSTRUCTS["catch"])
    label = re.search(r'st_Check_Inventory_\w+\["([^"]*)"\]', diagram)
    assert label is not None
    lines = label.group(1).split("<br/>")
    assert lines == [
        "Check Inventory",
        "sqs:sendMessage.waitForTaskToken",
        "→\u00a0${OrdersQueueUrl}",
        "timeout 300 s",
        "↻ retry 2 errors",
        "6 retries · 2 s · backoff 2",
        "↻ retry States.Timeout",
        "1 retry",
    ]


def test_a_parallel_is_one_box_with_its_branches_and_a_map_one_box() -> None:
    diagram = render_mermaid(CONSTRUCTS["parallel"])
    fan = node_id("Fan out")
    assert f'subgraph {fan}_box ["Fan out<br/>↻ retry States.ALL<br/>2 retries"]' in diagram
    assert "(Parallel)" not in diagram and "_join" not in diagram
    assert f'subgraph {fan}_b1 ["Branch 1"]' in diagram  # no branch Comment: numbered
    assert f'subgraph {fan}_b2 ["Branch 2"]' in diagram
    # Edges reach the box's entry point and leave from its exit point; inside, invisible
    # links only place the branches side by side.
    assert f"{fan} ~~~ {node_id('Email')}" in diagram
    assert f"{fan} ~~~ {node_id('Points')}" in diagram
    assert f"{node_id('Log')} ~~~ {fan}_out" in diagram
    assert f"{fan}_out --> {node_id('Finish')}" in diagram
    assert f'{fan}_out -.->|"catch States.ALL"| {node_id("Compensate")}' in diagram
    assert f'{fan}["\u00a0"]' in diagram and f'{fan}_out["\u00a0"]' in diagram
    mapped = render_mermaid(CONSTRUCTS["map"])
    each = node_id("Each order")
    assert f'subgraph {each}_box ["Each order<br/>for each item<br/>items:' in mapped
    assert f"{each} ~~~ {node_id('Save')}" in mapped
    assert "items: $states.input.orders<br/>max concurrency 5" in mapped
    # A Fail inside the processor fails the Map; it does not flow to the box's exit.
    assert f"{node_id('Bad item')} ~~~ {each}_out" not in mapped
    assert f"{node_id('Saved')} ~~~ {each}_out" in mapped


def test_branches_are_named_after_their_functions_and_edges_after_python_conditions() -> None:
    # What flowdsl compile writes: each branch's Comment is its function, each Choice rule's
    # Comment the condition as written.
    definition = _definition("generated/BookstoreOrderFlow")
    diagram = render_mermaid(definition)
    for branch in ("discount", "loyalty", "shipment", "recommendations"):
        assert re.search(rf'subgraph st_Parallel_\w+_b\d \["{branch}"\]', diagram), branch
    assert '-->|"stock[#quot;ItemStock#quot;] #gt; 0"|' in diagram
    assert "$stock" not in diagram  # not the JSONata it became
    assert "Parallel (Parallel)" not in diagram
    # The input binding is the Start marker's note, not a state of its own.
    assert 'fd_start(("Start<br/>Order Handling<br/>order = input"))' in diagram


def test_a_while_loop_edge_reads_as_the_python_condition() -> None:
    from tests.conftest import compiled_documents
    from tests.review.cases import REPO as repo

    flow = repo / "tests" / "compiler" / "cases"
    path = next(p for p in sorted(flow.glob("*.py")) if "while " in p.read_text())
    documents = compiled_documents(path)
    definitions = [d for rel, d in documents.items() if rel.endswith("definition.asl.json")]
    diagrams = "\n".join(render_mermaid(d) for d in definitions)  # type: ignore[arg-type]
    assert "$__t" not in diagrams and ":=" not in diagrams
    import ast

    source = path.read_text()
    whiles = [
        ast.get_source_segment(source, node.test) or "?"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.While)
    ]
    assert any(escape(condition) in diagrams for condition in whiles), whiles


def test_a_topic_in_a_lambda_payload_is_not_drawn_as_the_target() -> None:
    definition = {
        "StartAt": "Notify",
        "States": {
            "Notify": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {
                    "FunctionName": "${NotifierFunctionArn}",
                    "Payload": {"topic": "${AlertsTopicArn}", "text": "hi"},
                },
                "End": True,
            }
        },
    }
    diagram = render_mermaid(definition)
    assert "→\u00a0${NotifierFunctionArn}" in diagram
    assert "AlertsTopicArn" not in diagram
    page = render_markdown(definition, name="N")
    assert "AlertsTopicArn" in page  # still listed among the resources it mentions


def test_missing_transition_target_is_drawn_as_such() -> None:
    diagram = render_mermaid(CONSTRUCTS["awkward_names"])
    assert re.search(r'\[/"missing state: Nowhere"/\]', diagram)


def test_node_ids_depend_only_on_the_state_name() -> None:
    before = render_mermaid(CONSTRUCTS["loop"])
    edited = copy.deepcopy(CONSTRUCTS["loop"])
    edited["States"]["Start job"]["Next"] = "Log it"
    edited["States"] = {"Log it": {"Type": "Pass", "Next": "Wait a bit"}, **edited["States"]}
    after = render_mermaid(edited)
    ids = set(re.findall(r"\bst_\w+", before))
    assert ids and ids <= set(re.findall(r"\bst_\w+", after))
    assert node_id("Log it") in after and node_id("Log it") not in before


def test_duplicate_names_in_branches_never_merge_nodes() -> None:
    branch = {"StartAt": "Same", "States": {"Same": {"Type": "Pass", "End": True}}}
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Parallel", "Branches": [branch, branch], "End": True}},
    }
    diagram = render_mermaid(definition)
    assert len(set(re.findall(r'(st_Same_\w+)\("Same"\)', diagram))) == 2


def test_output_is_identical_under_any_hash_seed() -> None:
    script = (
        "import json,sys;from flowdsl.review.mermaid import render_markdown;"
        "from flowdsl.review.dot import render_dot;from tests.review.cases import CONSTRUCTS;"
        "sys.stdout.write(''.join(render_markdown(d,name=n)+render_dot(d) "
        "for n,d in sorted(CONSTRUCTS.items())))"
    )
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, check=True
        )
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_markdown_tables_list_integrations_resources_and_error_handling() -> None:
    page = render_markdown(CONSTRUCTS["catch"], name="Inventory", substitutions=SUBSTITUTIONS)
    assert (
        "| `Check Inventory` | `arn:aws:states:::sqs:sendMessage.waitForTaskToken` "
        "| wait for callback (.waitForTaskToken) |"
    ) in page
    assert (
        "| `${OrdersQueueUrl}` | placeholder "
        "| `https://sqs.eu-west-1.amazonaws.com/123456789012/Orders` | `Check Inventory` |"
    ) in page
    assert "| `Check Inventory` | States.Timeout | catch, go to `Timed Out` |" in page
    distributed = render_markdown(CONSTRUCTS["distributed_map"], name="Resize")
    assert "| `Resize (ItemReader)` | `arn:aws:states:::s3:listObjectsV2` |" in distributed
    assert "| `${ResizeFunctionArn}` | placeholder | `One` |" in distributed
    parallel = render_markdown(CONSTRUCTS["parallel"], name="P")
    assert "| `Points` | `arn:aws:lambda:eu-west-1:123456789012:function:pts` " in parallel
    assert "Lambda function (legacy direct ARN)" in parallel
    assert "| `arn:aws:sns:eu-west-1:123456789012:t` | ARN | `Email` |" in parallel


def test_markdown_escapes_table_cells() -> None:
    page = render_markdown(CONSTRUCTS["awkward_names"], name="A | B")
    assert page.startswith("# A \\| B\n")
    assert "`` `y` ``" not in page  # names only appear in the picture for this case
    odd = {"StartAt": "x`y|z", "States": {"x`y|z": {"Type": "Task", "Resource": "r", "End": True}}}
    assert "| ``x`y\\|z`` | `r` | unknown |" in render_markdown(odd, name="odd")


@pytest.mark.parametrize(
    "bad", [[], {}, {"States": []}, {"StartAt": "A", "States": "A"}, "text", None]
)
def test_non_asl_input_is_a_usage_error(bad: Any) -> None:
    with pytest.raises(UsageError, match="not an ASL definition"):
        render_mermaid(bad)


def test_odd_but_parseable_definitions_still_draw() -> None:
    odd = {
        "States": {
            "": {"Type": "Pass", "Next": 5},
            "no type": {},
            "bad lists": {"Type": "Task", "Retry": "x", "Catch": [1, {"Next": "no type"}]},
            "P": {"Type": "Parallel", "Branches": [1, {"States": 2}], "End": True},
        }
    }
    diagram = render_mermaid(odd)
    assert node_id("no type") in diagram and "missing state: 5" in diagram


def _definition(name: str) -> dict[str, Any]:
    if name.startswith("generated/"):
        return json.loads((REPO / name / "definition.asl.json").read_text(encoding="utf-8"))
    return GOLDEN[name]


def test_map_iterations_show_their_item_binding_on_the_box_not_as_a_state() -> None:
    from tests.conftest import CASES, compiled_documents

    documents = compiled_documents(CASES / "parallel_map.py")
    (definition,) = [d for rel, d in documents.items() if rel.endswith("definition.asl.json")]
    diagram = render_mermaid(definition)  # type: ignore[arg-type]
    # The item (and enumerate's index) are bound by the Map itself (ItemSelector, or read in
    # place once folded): the box says what it iterates, and no binding state is drawn.
    assert diagram.count("for each item<br/>") == 2
    for binding in ("item = item", "item = item 2", "Set item", "Set i, item"):
        assert node_id(binding) not in diagram
    # Not for hand-written ASL that reads a field of the input at the top: that is a statement.
    reading = {
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"x": "{% $states.input.x %}"}, "Next": "B"},
            "B": {"Type": "Succeed"},
        },
    }
    assert input_binding(reading) is None and node_id("A") in render_mermaid(reading)
