"""Validate files for the command line: load each, validate, optionally ask AWS, and report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flowdsl.validate.loading import Unreadable, load_definition
from flowdsl.validate.problem import Problem


@dataclass
class FileResult:
    """The outcome for one file: problems, or the reason it could not be read."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None


@dataclass
class Report:
    """The outcome for all files, with the exit code the command returns."""

    files: list[FileResult]

    @property
    def exit_code(self) -> int:
        if any(f.error for f in self.files):
            return 2
        return 1 if any(f.problems for f in self.files) else 0

    def text_lines(self) -> list[str]:
        lines = []
        for result in self.files:
            if result.error:
                lines.append(f"{result.path}: error: {result.error}")
            lines.extend(problem.format(result.path) for problem in result.problems)
        return lines

    def summary(self) -> str:
        count = sum(len(f.problems) for f in self.files)
        bad = sum(1 for f in self.files if f.error)
        valid = sum(1 for f in self.files if not f.error and not f.problems)
        parts = [f"{valid} of {len(self.files)} file(s) valid", f"{count} problem(s)"]
        if bad:
            parts.append(f"{bad} could not be checked")
        return ", ".join(parts)

    def to_json(self) -> dict[str, object]:
        return {
            "files": [
                {
                    "path": f.path,
                    "valid": not f.error and not f.problems,
                    "error": f.error,
                    "problems": [p.to_json() for p in f.problems],
                }
                for f in self.files
            ],
            "exit_code": self.exit_code,
        }


def expand_paths(paths: tuple[str, ...] | list[str]) -> list[str]:
    """Files as given; a directory becomes every `*.asl.json` below it, in sorted order."""
    from flowdsl.errors import UsageError

    out: list[str] = []
    for path in paths:
        if path != "-" and Path(path).is_dir():
            found = sorted(str(p) for p in Path(path).rglob("*.asl.json"))
            if not found:
                raise UsageError(f"{path} is a directory with no *.asl.json file")
            out.extend(found)
        else:
            out.append(path)
    return out


def validate_files(
    paths: list[str], *, workflow_type: str = "STANDARD", use_aws: bool = False
) -> Report:
    """Validate every file (stdin for "-"); one bad file does not stop the others."""
    from flowdsl.validate import validate_definition

    results = []
    for path in paths:
        result = FileResult(path)
        results.append(result)
        try:
            loaded = load_definition(path)
        except Unreadable as exc:
            result.error = str(exc)
            continue
        result.problems = loaded.problems + validate_definition(
            loaded.doc, workflow_type=workflow_type, size=loaded.size
        )
        if use_aws:
            from flowdsl.validate.aws import AwsUnavailable, aws_problems

            try:
                result.problems.extend(aws_problems(loaded.text, workflow_type))
            except AwsUnavailable as exc:
                result.error = f"--aws: {exc}"
    return Report(results)
