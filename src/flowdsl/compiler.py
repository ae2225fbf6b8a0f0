"""The compiler's old import path, kept for callers on other branches: use `flowdsl.build`."""

from __future__ import annotations

from flowdsl.build.compiling import CompileResult, compile_paths

__all__ = ["CompileResult", "compile_paths"]
