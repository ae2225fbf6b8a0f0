"""Compile-time benchmark: time per state for synthetic workflows of 10 to 10,000 states, and
the cold wall time of `flowdsl compile --check` on the repository's own flows.

"import s" is Python importing the flow module (CPython compiling a function of up to 15,000
lines, which grows faster than linearly and is not flowdsl's code); "compile s" is flowdsl's
own work: reading the source, lowering, naming and emitting ASL.

Run: python benchmarks/bench_compile.py [--sizes 10,100,1000,10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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

# One block of body code and roughly how many states it becomes: a task, a choice with two
# arms, a parallel of two branches, a map over a list, an assignment and a table write.
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
    table.put_item(Item={{"id": {{"S": "{i}"}}}})
"""
STATES_PER_BLOCK = 10  # task, choice, pass, task, parallel(+2 tasks), map(+prologue+task), task


def synthetic_source(states: int) -> str:
    blocks = max(1, states // STATES_PER_BLOCK)
    return HEADER + "".join(BLOCK.format(i=i) for i in range(blocks)) + "    return total\n"


def count_states(document: dict) -> int:
    total = 0
    for state in document["States"].values():
        total += 1
        for branch in state.get("Branches", []):
            total += count_states(branch)
        if "ItemProcessor" in state:
            total += count_states(state["ItemProcessor"])
    return total


def measure(size: int, repeat: int, validate: bool) -> tuple[int, float, float]:
    """States, seconds to import the flow module (CPython's work), seconds to compile it."""
    from flowdsl.build.compiling import _compile_module
    from flowdsl.build.loading import load_module
    from flowdsl.errors import Diagnostic

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"synthetic_{size}.py"
        path.write_text(synthetic_source(size), encoding="utf-8")
        imports, compiles = [], []
        states = 0
        for _ in range(repeat):
            gc.disable()  # as compile_paths does
            start = time.perf_counter()
            module = load_module(path, Path(tmp))
            middle = time.perf_counter()
            problems: list[Diagnostic] = []
            workflows = _compile_module(module, problems)
            if validate:
                from flowdsl.build.verify import verify

                for workflow in workflows:
                    verify(workflow)
            compiles.append(time.perf_counter() - middle)
            imports.append(middle - start)
            gc.enable()
            assert not problems, problems[0].format()
            states = count_states(workflows[0].definition)
        return states, statistics.median(imports), statistics.median(compiles)


def botocore_model_cost() -> str:
    """What reading the API models of the services the seed flows use costs, cold."""
    code = (
        "import time; t = time.perf_counter();"
        "from flowdsl.integrations import api_models as m;"
        "[m.operation_shape(s, o) for s, o in (('lambda', 'Invoke'), ('sqs', 'SendMessage'),"
        " ('dynamodb', 'PutItem'), ('sns', 'Publish'), ('s3', 'ListObjectsV2'))];"
        "print(f'{time.perf_counter() - t:.3f}')"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def cold_check(*options: str) -> float:
    command = [sys.executable, "-m", "flowdsl.cli.main", "compile", "--check", "-q", *options]
    subprocess.run(command, cwd=ROOT, check=True)  # leaves the .flowdsl_cache record
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--validate", action="store_true", help="also validate the output")
    args = parser.parse_args()
    measure(10, 1, args.validate)  # warm up: first imports of flowdsl's own modules
    print(f"{'states':>8} {'import s':>9} {'compile s':>10} {'us/state':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        states, imported, seconds = measure(size, args.repeat, args.validate)
        print(f"{states:>8} {imported:>9.3f} {seconds:>10.3f} {seconds / states * 1e6:>9.1f}")
    bare = statistics.median(_time([sys.executable, "-c", "pass"]) for _ in range(5))
    print(
        f"cold `flowdsl compile --check` on flows/: {cold_check():.3f} s with the "
        f".flowdsl_cache record, {cold_check('--no-cache'):.3f} s compiling "
        f"(bare interpreter start: {bare:.3f} s)"
    )


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
