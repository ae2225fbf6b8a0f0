"""Benchmark: what deployment adds to a compile, and `flowdsl deploy` against moto_server.

Run: `python benchmarks/bench_deploy.py [--environments 3] [--repeat 3]` from the repository
root (needs `moto[server]`, in the test extra). Figures, medians of `--repeat` runs:

1. the seed workflows compiled with 0 and with N environments (each environment derives the
   role, trust and worker policies and both templates again);
2. `flowdsl deploy` of the four seed workflows to a local moto_server: first deploy (four
   stacks created through change sets) and a second deploy (no changes, nothing created).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from flowdsl.build.config import Config
from flowdsl.compiler import compile_paths

ROOT = Path(__file__).resolve().parent.parent


def compile_seconds(environments: int, repeat: int) -> float:
    values = {
        "OrdersQueueUrl": "https://sqs.eu-west-1.amazonaws.com/111122223333/Orders-{env}",
        "VerifyCCAndPriceFunctionArn": (
            "arn:aws:lambda:eu-west-1:111122223333:function:VerifyCCAndPrice-{env}"
        ),
    }
    config = Config(
        root=ROOT,
        flows=ROOT / "flows",
        generated=ROOT / "generated",
        environments={
            f"e{n}": {k: v.format(env=n) for k, v in values.items()} for n in range(environments)
        },
    )
    compile_paths([ROOT / "flows"], ROOT, config)  # warm: imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = compile_paths([ROOT / "flows"], ROOT, config)
        times.append(time.perf_counter() - start)
        assert not result.diagnostics
    return statistics.median(times)


def deploy_seconds(repeat: int) -> tuple[float, float]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if server is None:
        raise SystemExit("moto_server is missing: pip install 'moto[server]'")
    process = subprocess.Popen(
        [server, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        first, second = [], []
        for run in range(repeat):
            command = [sys.executable, "-m", "flowdsl.cli.main", "deploy"]
            command += ["--stack-name-prefix", f"bench{run}-"]
            for times in (first, second):
                start = time.perf_counter()
                subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
                times.append(time.perf_counter() - start)
        return statistics.median(first), statistics.median(second)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--environments", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = compile_seconds(0, args.repeat)
    more = compile_seconds(args.environments, args.repeat)
    print(f"compile of the 4 seed workflows, no environments: {base:.3f} s")
    print(f"compile of the 4 seed workflows, {args.environments} environments: {more:.3f} s")
    first, second = deploy_seconds(args.repeat)
    print(f"flowdsl deploy of the 4 seed workflows to moto_server: first {first:.2f} s")
    print(f"flowdsl deploy again (no changes): {second:.2f} s")


if __name__ == "__main__":
    main()
