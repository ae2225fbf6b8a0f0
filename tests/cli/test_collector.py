"""The CLI pauses the cycle collector for short-lived commands, not for `run`, and restores it."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from flowdsl.cli import main as cli_main


def test_collector_paused_except_for_run_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool]] = []

    def record(argv: list[str] | None) -> Any:
        seen.append(((argv or ["?"])[0], gc.isenabled()))

    monkeypatch.setattr(cli_main, "_run", record)
    assert gc.isenabled()
    for command in ("compile", "validate", "run"):
        cli_main.main([command])
        assert gc.isenabled()
    assert seen == [("compile", False), ("validate", False), ("run", True)]


def test_collector_restored_when_the_command_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    def exits(argv: list[str] | None) -> Any:
        raise SystemExit(2)

    monkeypatch.setattr(cli_main, "_run", exits)
    with pytest.raises(SystemExit):
        cli_main.main(["compile"])
    assert gc.isenabled()
