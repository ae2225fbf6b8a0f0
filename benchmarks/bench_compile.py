"""Compile-time benchmark: time per state from 100 to 5,000 states, split by stage.

For each size, one synthetic workflow (tasks with retries, choices, parallels, maps, AWS SDK
calls, try/except, table writes) goes through every stage of `flowdsl compile` except writing:

  import       Python importing the flow module (CPython's work, reported apart)
  compile      reading the source, lowering, naming, emitting ASL ("compile proper")
  iam          the role, trust and worker policies and the CloudFormation template
  review       the review page (Mermaid picture and tables)
  validate     proving the definition valid ASL
  serialize    canonical JSON of every file

"output" is iam + review + validate + serialize; "total" is the real pipeline (the compiler's
own stage order, then validation and `files()`), timed separately, so the split can be checked
against it. Times are CPU seconds of this process (`time.process_time`): on a machine shared
with other work, wall time measures the neighbours too. 5,000 states is about the largest workflow Step Functions accepts (its definition
is just under the 1 MB quota); `--sizes` takes any list.

Run (unset PYTHONDONTWRITEBYTECODE first, which these machines export):
    python benchmarks/bench_compile.py [--sizes 100,1000,2500,5000] [--repeat 5]
    python benchmarks/bench_compile.py --profile 5000     # cProfile of the whole pipeline
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HEADER = """\
from flowdsl import Function, Queue, Retry, States, Table, aws, parallel, workflow

fn = Function("work")
queue = Queue("jobs")
table = Table("items")
RETRY = Retry(States.TaskFailed, max_attempts=2)


@workflow(name="Synthetic")
def synthetic(order):
    total = 0
"""

# One block of body code and how many states it becomes.
BLOCK = """\
    r{i} = fn({{"step": {i}, "total": total}}, retry=RETRY)
    if r{i}["value"] > {i}:
        total = total + r{i}["value"]
    else:
        queue.send_message(MessageBody={{"step": {i}}})

    def left{i}():
        return fn({{"left": {i}}})

    def right{i}():
        return fn({{"right": {i}}})

    pair{i} = parallel(left{i}, right{i})
    mapped{i} = [fn(x) for x in pair{i}]
    try:
        n{i} = aws.s3.list_objects_v2(Bucket="b")
    except States.ALL:
        n{i} = 0
    table.put_item(Item={{"id": {{"S": "{i}"}}}})
"""
# task, choice, task, parallel (+2), map (+task), sdk task, task, ...: the assignments ride
# on their neighbours' Assign (ir/fold.py), so a block is 10 states.
STATES_PER_BLOCK = 10


def synthetic_source(states: int) -> str:
    blocks = max(1, states // STATES_PER_BLOCK)
    return HEADER + "".join(BLOCK.format(i=i) for i in range(blocks)) + "    return total\n"


def count_states(document: dict[str, Any]) -> int:
    total = 0
    for state in document["States"].values():
        total += 1
        for branch in state.get("Branches", []):
            total += count_states(branch)
        if "ItemProcessor" in state:
            total += count_states(state["ItemProcessor"])
    return total


STAGES = ("compile", "iam", "review", "validate", "serialize")


def run_stages(path: Path, root: Path) -> tuple[dict[str, float], int, int]:
    """Seconds per stage for the one workflow in `path`, its state count and definition bytes."""
    from flowdsl.asl.emit import emit
    from flowdsl.asl.serialize import canonical_json
    from flowdsl.build.loading import load_module
    from flowdsl.deploy.templates import StackInputs, cloudformation_template
    from flowdsl.frontend import source as sources
    from flowdsl.frontend.lower import lower_workflow
    from flowdsl.iam import derive_policies
    from flowdsl.review.mermaid import render_markdown
    from flowdsl.validate import validate_definition

    seconds: dict[str, float] = {}
    clock = time.process_time()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.process_time()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    module = load_module(path, root)
    lap("import")
    source = sources.load(str(module.path), module.display_path)
    (workflow,) = module.workflows
    graph = lower_workflow(workflow, source, module.globals)
    definition = emit(graph).document
    substitutions = dict(graph.resources)
    lap("compile")
    policies = derive_policies(
        definition, state_machine_name=graph.name, substitutions=substitutions
    )
    template = cloudformation_template(
        StackInputs(
            name=graph.name,
            workflow_type=graph.type,
            comment=graph.comment,
            definition=definition,
            substitutions=substitutions,
            role_policy=policies.role_policy,
            trust_policy=policies.trust_policy,
        )
    )
    lap("iam")
    render_markdown(definition, name=graph.name, substitutions=substitutions)
    lap("review")
    problems = validate_definition(definition, workflow_type=graph.type)
    lap("validate")
    texts = [canonical_json(definition), canonical_json(substitutions, sort_keys=True)]
    texts += [canonical_json(document) for document in policies.files().values()]
    texts.append(canonical_json(template))
    lap("serialize")
    assert not problems, problems[0]
    return seconds, count_states(definition), len(texts[0].encode())


def run_pipeline(path: Path, root: Path) -> float:
    """The real pipeline (the compiler's stage order, validation, files()), without import."""
    from flowdsl.build.compiling import _compile_module
    from flowdsl.build.loading import load_module
    from flowdsl.build.verify import verify

    module = load_module(path, root)
    start = time.process_time()
    diagnostics: list[Any] = []
    workflows = _compile_module(module, diagnostics)
    problems = [p for workflow in workflows for p in verify(workflow)]
    for workflow in workflows:
        workflow.files()
    elapsed = time.process_time() - start
    assert not diagnostics and not problems, (diagnostics + problems)[0].format()
    return elapsed


def with_gc_off(action: Callable[[], Any]) -> Any:
    gc.disable()  # as compile_paths does
    try:
        return action()
    finally:
        gc.enable()


def measure(size: int, repeat: int) -> tuple[int, int, dict[str, float], float]:
    """States, definition bytes, least seconds per stage and of the pipeline over `repeat` runs
    (the least is the run other work on the machine disturbed least, as timeit reports)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        runs: list[dict[str, float]] = []
        totals: list[float] = []
        states = size_bytes = 0
        for attempt in range(repeat):
            # A new file name per run: Python caches imported modules by name.
            path = root / f"synthetic_{size}_{attempt}.py"
            path.write_text(synthetic_source(size), encoding="utf-8")
            split, states, size_bytes = with_gc_off(lambda p=path: run_stages(p, root))
            runs.append(split)
            totals.append(with_gc_off(lambda p=path: run_pipeline(p, root)))
        least = {stage: min(run[stage] for run in runs) for stage in runs[0]}
        return states, size_bytes, least, min(totals)


def profile(size: int, top: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / f"profiled_{size}.py"
        path.write_text(synthetic_source(size), encoding="utf-8")
        with_gc_off(lambda: run_pipeline(path, root))  # warm: botocore models, caches
        path = root / f"profiled_{size}_again.py"
        path.write_text(synthetic_source(size), encoding="utf-8")
        profiler = cProfile.Profile(time.process_time)  # CPU time: steady on a shared machine
        with_gc_off(lambda: profiler.runcall(run_pipeline, path, root))
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,1000,2500,5000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", type=int, metavar="STATES", help="profile one size")
    parser.add_argument("--top", type=int, default=30, help="functions in the profile")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.top)
        return
    measure(100, 1)  # warm up: flowdsl's own modules, botocore models
    head = ["states", "def KB", "import", *STAGES, "output", "total", "us/state", "output %"]
    print(" ".join(f"{h:>9}" for h in head))
    for size in (int(s) for s in args.sizes.split(",")):
        # Small workflows take milliseconds, where the machine's jitter is largest: more runs.
        states, size_bytes, split, total = measure(size, max(args.repeat, min(30, 3000 // size)))
        output = sum(split[s] for s in ("iam", "review", "validate", "serialize"))
        row = [f"{states}", f"{size_bytes / 1024:.0f}", f"{split['import']:.3f}"]
        row += [f"{split[s]:.3f}" for s in STAGES]
        row += [f"{output:.3f}", f"{total:.3f}", f"{total / states * 1e6:.0f}"]
        row.append(f"{output / (output + split['compile']) * 100:.0f}")
        print(" ".join(f"{cell:>9}" for cell in row), flush=True)


if __name__ == "__main__":
    main()
