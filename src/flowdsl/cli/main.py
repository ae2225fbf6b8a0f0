"""The `flowdsl` command: flowdsl's errors become a message and an exit code.

The click group (`flowdsl.cli.group`) loads each subcommand's module only when that command
runs. `flowdsl compile` and `flowdsl compile --check` with at most `-q` (what CI, pre-commit
hooks and most people run) go straight to the command's body, without click: on an unchanged
tree, importing click would be a fifth of the whole check.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

from flowdsl.errors import FlowdslError, InternalError

_PLAIN = frozenset({"--check", "-q", "--quiet"})  # `compile` with only these: no click


def main(argv: list[str] | None = None) -> Any:
    """Entry point: run the group, turning any flowdsl error into a message and an exit code."""
    # A compile (or validate, policy, graph, diff) is a short-lived process that frees little:
    # the cycle collector's passes over the modules it imports and the workflows it builds cost
    # about a tenth of a fresh compile of the seed flows. `run` executes workflows for as long
    # as they take, and keeps collecting.
    args = sys.argv[1:] if argv is None else argv
    collecting = gc.isenabled()
    if args[:1] != ["run"]:
        gc.disable()
    try:
        return _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: list[str] | None) -> Any:
    args = sys.argv[1:] if argv is None else argv
    try:
        if args[:1] == ["compile"] and _PLAIN.issuperset(args[1:]):
            from flowdsl.cli.compile_run import run

            sys.exit(run(check="--check" in args, quiet="-q" in args or "--quiet" in args))
        from flowdsl.cli.group import run_group

        return run_group(argv)
    except InternalError as exc:
        _error(f"internal error (a bug in flowdsl, please report it): {exc}")
        sys.exit(exc.exit_code)
    except FlowdslError as exc:
        _error(f"error: {exc}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug in flowdsl: say so, briefly, unless asked for details
        if os.environ.get("FLOWDSL_TRACEBACK"):
            raise
        _error(
            f"internal error (a bug in flowdsl, please report it): {type(exc).__name__}: {exc}\n"
            "  set FLOWDSL_TRACEBACK=1 to see where it happened"
        )
        sys.exit(InternalError.exit_code)


def _error(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def __getattr__(name: str) -> Any:
    # The group and its command table, for code that imported them from here.
    if name in ("cli", "COMMANDS", "LazyGroup"):
        from flowdsl.cli import group

        return getattr(group, name)
    raise AttributeError(name)


if __name__ == "__main__":
    sys.exit(main())
