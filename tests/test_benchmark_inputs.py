"""The benchmarks' inputs stay valid: the generated repository compiles, the same seed gives the
same files, and its workflows are the size and mix the benchmarks claim."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from flowdsl.compiler import compile_paths
from flowdsl.review.resources import walk_states

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from bench_compile import count_states, synthetic_source  # noqa: E402
from gen_repo import generate  # noqa: E402


def test_generated_repository_compiles_with_the_promised_mix(tmp_path: Path) -> None:
    flows = generate(tmp_path, 40, seed=7)
    result = compile_paths([tmp_path / "flows"], tmp_path)
    assert not result.diagnostics, result.diagnostics[0].format()
    assert len(result.workflows) == len(flows) == 40
    sizes = [count_states(w.definition) for w in result.workflows]
    assert 17 <= sum(sizes) / len(sizes) <= 25
    resources = Counter(
        state["Resource"].split(":::")[1].split(":")[0]
        for w in result.workflows
        for _, state in walk_states(w.definition)
        if state.get("Type") == "Task"
    )
    assert {"lambda", "sqs", "sns", "dynamodb", "events", "aws-sdk"} <= set(resources)
    kinds = Counter(
        state["Type"] for w in result.workflows for _, state in walk_states(w.definition)
    )
    assert {"Choice", "Parallel", "Map", "Wait", "Pass"} <= set(kinds)
    assert {w.workflow_type for w in result.workflows} == {"STANDARD", "EXPRESS"}
    assert {w.definition.get("QueryLanguage") for w in result.workflows} == {"JSONata", "JSONPath"}


def test_same_seed_same_repository(tmp_path: Path) -> None:
    first = {p.name: p.read_bytes() for p in generate(tmp_path / "a", 30, seed=3)}
    second = {p.name: p.read_bytes() for p in generate(tmp_path / "b", 30, seed=3)}
    other = {p.name: p.read_bytes() for p in generate(tmp_path / "c", 30, seed=4)}
    assert first == second
    assert first != other


def test_synthetic_workflow_has_the_states_it_is_named_for(tmp_path: Path) -> None:
    flow = tmp_path / "synthetic.py"
    flow.write_text(synthetic_source(500), encoding="utf-8")
    result = compile_paths([flow], tmp_path)
    assert not result.diagnostics, result.diagnostics[0].format()
    assert 450 <= count_states(result.workflows[0].definition) <= 550
