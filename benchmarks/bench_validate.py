"""Benchmark: ASL definitions validated per second in one process (target: at least 1,000).

The corpus is typical generated workflows of 10 to 50 states, half JSONPath and half JSONata,
with tasks, retries, catches, choices, parallel branches and maps. Every JSONata expression is
made unique per definition, and the expression caches are emptied before each definition, so no
work is shared between definitions (`--warm` keeps the caches, as a long compile run would).
Run: python benchmarks/bench_validate.py [--count N] [--warm] [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from typing import Any

LAMBDA = "arn:aws:states:::lambda:invoke"


def _task(i: int, n: int, jsonata: bool, uid: int) -> dict[str, Any]:
    nxt = f"Step {i + 1}" if i + 1 < n else "Done"
    retry = [
        {
            "ErrorEquals": ["Lambda.TooManyRequestsException"],
            "IntervalSeconds": 2,
            "MaxAttempts": 3,
            "BackoffRate": 2,
        }
    ]
    catch = [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]
    if jsonata:
        return {
            "Type": "Task",
            "Resource": LAMBDA,
            "Arguments": {
                "FunctionName": f"arn:aws:lambda:eu-west-1:123456789012:function:f{i}",
                "Payload": {
                    "order": "{% $order %}",
                    "n": f"{{% $states.input.items[price > {uid % 97 + i}].sku %}}",
                },
            },
            "Output": "{% $states.result.Payload %}",
            "Assign": {f"r{i}": f"{{% $states.result.Payload.value + {uid} %}}"},
            "Retry": retry,
            "Catch": catch,
            "Next": nxt,
        }
    return {
        "Type": "Task",
        "Resource": LAMBDA,
        "Parameters": {
            "FunctionName": f"arn:aws:lambda:eu-west-1:123456789012:function:f{i}",
            "Payload": {"order.$": "$order", "id.$": f"States.Format('{{}}-{uid}', $.id)"},
        },
        "ResultSelector": {"value.$": "$.Payload.value"},
        "ResultPath": f"$.step{i}",
        "Retry": retry,
        "Catch": catch,
        "Next": nxt,
    }


def _choice(i: int, n: int, jsonata: bool, uid: int) -> dict[str, Any]:
    nxt = f"Step {i + 1}" if i + 1 < n else "Done"
    if jsonata:
        rules = [
            {
                "Condition": f"{{% $states.input.total > {uid % 50} and $order.status = 'OK' %}}",
                "Next": nxt,
            }
        ]
    else:
        rules = [
            {
                "And": [
                    {"Variable": "$.total", "NumericGreaterThan": uid % 50},
                    {"Variable": "$.status", "StringEquals": "OK"},
                ],
                "Next": nxt,
            }
        ]
    return {"Type": "Choice", "Choices": rules, "Default": "Failed"}


def _parallel(i: int, n: int, jsonata: bool, uid: int) -> dict[str, Any]:
    nxt = f"Step {i + 1}" if i + 1 < n else "Done"
    branches = []
    for b in range(2):
        name = f"Branch {i}.{b}"
        state = _task(0, 1, jsonata, uid + b)
        state.pop("Catch")
        state["Next"] = f"{name} end"
        branches.append(
            {"StartAt": name, "States": {name: state, f"{name} end": {"Type": "Succeed"}}}
        )
    return {"Type": "Parallel", "Branches": branches, "Next": nxt}


def _map(i: int, n: int, jsonata: bool, uid: int) -> dict[str, Any]:
    nxt = f"Step {i + 1}" if i + 1 < n else "Done"
    inner = f"Item {i}"
    body = _task(0, 1, jsonata, uid)
    body.pop("Catch")
    body.pop("Next")
    body["End"] = True
    state: dict[str, Any] = {
        "Type": "Map",
        "MaxConcurrency": 5,
        "ItemProcessor": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": inner,
            "States": {inner: body},
        },
        "Next": nxt,
    }
    if jsonata:
        state["Items"] = "{% $states.input.items %}"
    else:
        state["ItemsPath"] = "$.items"
    return state


def make_definition(uid: int, rng: random.Random) -> dict[str, Any]:
    """One typical definition of 10 to 50 states (counting states in branches and maps)."""
    jsonata = uid % 2 == 0
    n = rng.randint(6, 24)
    states: dict[str, Any] = {
        "Start": {
            "Type": "Pass",
            "Assign": {"order": "{% $states.input.order %}" if jsonata else None},
            "Next": "Step 0",
        }
    }
    if not jsonata:
        states["Start"]["Assign"] = {"order.$": "$.order"}
    makers = [_task, _task, _task, _choice, _parallel, _map]
    for i in range(n):
        states[f"Step {i}"] = rng.choice(makers)(i, n, jsonata, uid)
    states["Done"] = {"Type": "Succeed"}
    states["Failed"] = {"Type": "Fail", "Error": "Failed"}
    doc: dict[str, Any] = {"Comment": f"benchmark {uid}", "StartAt": "Start", "States": states}
    if jsonata:
        doc["QueryLanguage"] = "JSONata"
    return doc


def count_states(states: dict[str, Any]) -> int:
    total = 0
    for body in states.values():
        total += 1
        for branch in body.get("Branches", []):
            total += count_states(branch["States"])
        if "ItemProcessor" in body:
            total += count_states(body["ItemProcessor"]["States"])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--warm", action="store_true", help="keep parse caches between definitions")
    parser.add_argument("--repeat", type=int, default=5, help="passes over the corpus")
    args = parser.parse_args()
    rng = random.Random(7)
    corpus = []
    uid = 0
    while len(corpus) < args.count:
        doc = make_definition(uid, rng)
        uid += 1
        if 10 <= count_states(doc["States"]) <= 50:  # "typical": 10 to 50 states
            corpus.append(doc)
    sizes = [count_states(d["States"]) for d in corpus]
    # The corpus is input, not the validator's work: keep the cyclic GC from re-scanning its
    # million objects on every collection (a compiler holds one definition at a time).
    gc.collect()
    gc.freeze()

    started = time.perf_counter()
    from flowdsl.validate import check_expressions, jsonata_expr, validate_definition

    caches = [jsonata_expr.expression_variables, check_expressions._read]

    first = validate_definition(corpus[0])  # pays the one-time import and model build
    warmup = time.perf_counter() - started
    assert first == [], first
    rates = []
    invalid = 0
    for _ in range(args.repeat):
        cpu_started = time.process_time()
        invalid = 0
        for doc in corpus:
            if not args.warm:
                for cache in caches:
                    cache.cache_clear()
            invalid += bool(validate_definition(doc))
        rates.append(len(corpus) / (time.process_time() - cpu_started))
    rates.sort()
    print(
        f"definitions: {len(corpus)} ({min(sizes)}-{max(sizes)} states, mean {sum(sizes) / len(sizes):.0f})"
    )
    print(f"first call (imports, model build): {warmup * 1000:.0f} ms")
    print(f"invalid: {invalid}")
    print(f"caches: {'warm' if args.warm else 'cleared before each definition'}")
    # CPU time of this process (one core). As timeit advises, the best of several passes is the
    # figure: slower passes measure other processes competing for the machine, not this code.
    print(f"passes (definitions/second, CPU time): {', '.join(f'{r:,.0f}' for r in rates)}")
    print(f"definitions/second (best of {args.repeat}): {rates[-1]:,.0f}")


if __name__ == "__main__":
    main()
