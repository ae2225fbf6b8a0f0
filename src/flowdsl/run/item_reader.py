"""A Distributed Map's ItemReader: turn the S3 object a mock hands back into the items, as AWS does.

A mock for a Map with an `arn:aws:states:::s3:getObject` ItemReader may answer with the list of
items, or with the object's text; the text is parsed by `ReaderConfig.InputType`.
Source: https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html
(JSON: an array; JSONL: one value per line; CSV: a header row or `CSVHeaders`, `CSVDelimiter`).
Details recorded on AWS (LocalStack's parity snapshots, tests/parity/, test_map_item_reader_*):
every CSV value is a string; a row shorter than the headers fills the rest with "", a longer
one drops the extra fields; duplicate headers fail with "CSV headers cannot contain
duplicates."; a JSON object that is not an array fails with "Attempting to map over
non-iterable node."; `MaxItems` 0 means no limit and a negative one fails with "field MaxItems
must be positive".
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flowdsl.run.errors import STATES_ITEM_READER_FAILED, StatesError

_DELIMITERS = {"COMMA": ",", "PIPE": "|", "SEMICOLON": ";", "SPACE": " ", "TAB": "\t"}


def _failed(cause: str) -> StatesError:
    return StatesError(STATES_ITEM_READER_FAILED, cause)


def parse_object(text: str, config: dict[str, Any]) -> list[Any]:
    """The items in an S3 object's text, read the way `config` (ReaderConfig) says."""
    kind = config.get("InputType", "JSON")
    if kind == "JSON":
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise _failed(f"the object is not JSON: {exc}") from None
        if not isinstance(value, list):
            raise _failed("Attempting to map over non-iterable node.")
        return value
    if kind == "JSONL":
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except ValueError as exc:
            raise _failed(f"a line of the object is not JSON: {exc}") from None
    if kind == "CSV":
        return _csv_items(text, config)
    raise _failed(f"ReaderConfig InputType {kind!r} cannot be read from an object's text")


def _csv_items(text: str, config: dict[str, Any]) -> list[dict[str, str]]:
    delimiter = _DELIMITERS.get(config.get("CSVDelimiter", "COMMA"), ",")
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    if config.get("CSVHeaderLocation", "FIRST_ROW") == "GIVEN":
        headers = [str(h) for h in config.get("CSVHeaders") or []]
    else:
        headers, rows = (rows[0], rows[1:]) if rows else ([], [])
    if len(set(headers)) != len(headers):
        raise _failed("CSV headers cannot contain duplicates.")
    return [
        {header: row[index] if index < len(row) else "" for index, header in enumerate(headers)}
        for row in rows
    ]


def limit_items(items: list[Any], max_items: float | None) -> list[Any]:
    if max_items is None or max_items == 0:
        return items
    if max_items < 0:
        raise _failed("field MaxItems must be positive")
    return items[: int(max_items)]
