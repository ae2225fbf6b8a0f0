"""Checks of fields that go together: End xor Next, exclusive pairs, query-language fields."""

from __future__ import annotations

from typing import Any

from flowdsl.validate.context import JSONATA, JSONPATH, Context, StateRef, as_dict, as_list
from flowdsl.validate.problem import Part

# States that move on by Next or End (https://docs.aws.amazon.com/step-functions/latest/dg/
# statemachine-structure.html); Choice, Succeed and Fail have neither (the schema forbids them).
_FLOWING = frozenset({"Task", "Pass", "Wait", "Parallel", "Map"})

# Fields of which at most one may be set, per state type (state-task.html, state-fail.html,
# state-map-distributed.html).
_EXCLUSIVE: dict[str, tuple[tuple[str, str], ...]] = {
    "Task": (
        ("TimeoutSeconds", "TimeoutSecondsPath"),
        ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ),
    "Fail": (("Error", "ErrorPath"), ("Cause", "CausePath")),
    "Map": (
        ("MaxConcurrency", "MaxConcurrencyPath"),
        ("ToleratedFailurePercentage", "ToleratedFailurePercentagePath"),
        ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    ),
}
_EXCLUSIVE_NESTED: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("ItemReader", "ReaderConfig"), "MaxItems", "MaxItemsPath"),
    (("ItemBatcher",), "MaxItemsPerBatch", "MaxItemsPerBatchPath"),
    (("ItemBatcher",), "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"),
    (("Credentials",), "RoleArn", "RoleArn.$"),
)

# Fields that exist in only one query language
# (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html: JSONata replaces
# InputPath, Parameters, ResultSelector, ResultPath and OutputPath by Arguments and Output, and
# Choice rules use Condition; every *Path field is JSONPath).
JSONPATH_ONLY = frozenset(
    {
        "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result",
        "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath", "TimestampPath",
        "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
        "ToleratedFailureCountPath", "MaxItemsPath", "MaxItemsPerBatchPath",
        "MaxInputBytesPerBatchPath", "RoleArn.$", "Iterator",
    }
)  # fmt: skip
JSONATA_ONLY = frozenset({"Arguments", "Output", "Items", "Condition"})
_JSONATA_EQUIVALENT = {
    "InputPath": "Arguments or Output",
    "Parameters": "Arguments (ItemSelector in a Map)",
    "ResultSelector": "Output",
    "ResultPath": "Assign or Output",
    "OutputPath": "Output",
    "Result": "Output",
    "ItemsPath": "Items",
    "Iterator": "ItemProcessor",
    "Variable": "Condition",
}
_SUBOBJECTS = ("ItemReader", "ItemBatcher", "ResultWriter", "Credentials")


def check(ctx: Context) -> None:
    """Run the field-combination checks on every state."""
    if ctx.doc.get("QueryLanguage") == JSONATA:
        for ref in ctx.states:
            if ref.body.get("QueryLanguage") == JSONPATH:
                ctx.add(
                    "ASL115",
                    (*ref.parts, "QueryLanguage"),
                    "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata",
                    "set QueryLanguage JSONPath at the top level and JSONata on individual states instead",
                )
    for ref in ctx.states:
        body = ref.body
        kind = body.get("Type")
        if not isinstance(kind, str):
            kind = None
        if kind in _FLOWING:
            _check_next_end(ctx, ref)
        if kind == "Wait":
            _check_wait(ctx, ref)
        for first, second in _EXCLUSIVE.get(kind or "", ()):
            _exclusive(ctx, body, ref.parts, first, second)
        if body.keys() & _NESTED_EXCLUSIVE_HOLDERS:
            for path, first, second in _EXCLUSIVE_NESTED:
                holder: Any = body
                for key in path:
                    holder = as_dict(holder).get(key)
                _exclusive(ctx, as_dict(holder), (*ref.parts, *path), first, second)
        if kind == "Task":
            _check_heartbeat(ctx, ref)
        _check_language(ctx, ref)


def _check_next_end(ctx: Context, ref: StateRef) -> None:
    has_next = "Next" in ref.body and ref.body["Next"] is not None
    ends = ref.body.get("End") is True
    if has_next and ends:
        ctx.add("ASL110", (*ref.parts, "End"), 'a state cannot have both Next and "End": true')
    elif not has_next and not ends:
        ctx.add(
            "ASL110",
            ref.parts,
            'state needs a Next or "End": true',
            'add "End": true to finish here',
        )


def _check_wait(ctx: Context, ref: StateRef) -> None:
    present = [k for k in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if k in ref.body]
    if len(present) != 1:
        got = ", ".join(present) if present else "none"
        ctx.add(
            "ASL111",
            ref.parts,
            f"a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath (got {got})",
        )


def _exclusive(
    ctx: Context, body: dict[str, Any], parts: tuple[Part, ...], first: str, second: str
) -> None:
    if first in body and second in body:
        ctx.add("ASL112", (*parts, second), f"{first} and {second} cannot both be set")


def _check_heartbeat(ctx: Context, ref: StateRef) -> None:
    heartbeat, timeout = ref.body.get("HeartbeatSeconds"), ref.body.get("TimeoutSeconds")
    # JSONata expressions and *Path values are only known at run time; compare literals only.
    if type(heartbeat) is int and type(timeout) is int and heartbeat >= timeout:
        ctx.add(
            "ASL113",
            (*ref.parts, "HeartbeatSeconds"),
            f"HeartbeatSeconds ({heartbeat}) must be smaller than TimeoutSeconds ({timeout})",
        )


def _check_language(ctx: Context, ref: StateRef) -> None:
    body = ref.body
    jsonata = ref.language == JSONATA
    wrong = JSONPATH_ONLY if jsonata else JSONATA_ONLY
    base = ref.parts
    # Set intersections keep this cheap: most objects hold nothing of the other language.
    for key in body.keys() & wrong:
        _wrong_language(ctx, (*base, key), key, jsonata, is_rule=False)
    if not body.keys() & _NESTED_HOLDERS:
        return
    for key in _SUBOBJECTS:
        sub = body.get(key)
        if isinstance(sub, dict):
            for inner in sub.keys() & wrong:
                _wrong_language(ctx, (*base, key, inner), inner, jsonata, is_rule=False)
            config = sub.get("ReaderConfig")
            if key == "ItemReader" and isinstance(config, dict):
                for inner in config.keys() & wrong:
                    parts = (*base, key, "ReaderConfig", inner)
                    _wrong_language(ctx, parts, inner, jsonata, is_rule=False)
    for i, catcher in enumerate(as_list(body.get("Catch"))):
        if isinstance(catcher, dict):
            for key in catcher.keys() & wrong:
                _wrong_language(ctx, (*base, "Catch", i, key), key, jsonata, is_rule=False)
    for i, rule in enumerate(as_list(body.get("Choices"))):
        if not isinstance(rule, dict):
            continue
        keys = rule.keys() - _RULE_SHARED if jsonata else rule.keys() & JSONATA_ONLY
        for key in keys:
            _wrong_language(ctx, (*base, "Choices", i, key), key, jsonata, is_rule=True)
        if jsonata and body.get("Type") == "Choice" and "Condition" not in rule:
            ctx.add("ASL116", (*base, "Choices", i), "a JSONata Choice rule needs a Condition")


def _wrong_language(
    ctx: Context, parts: tuple[Part, ...], key: str, jsonata: bool, *, is_rule: bool
) -> None:
    if jsonata:
        instead = _JSONATA_EQUIVALENT.get(key, "Condition" if is_rule else "a JSONata expression")
        ctx.add(
            "ASL114",
            parts,
            f"{key} is a JSONPath field; this state uses JSONata",
            f"use {instead} in JSONata states",
        )
    else:
        ctx.add(
            "ASL114",
            parts,
            f"{key} is a JSONata field; this state uses JSONPath",
            'set "QueryLanguage": "JSONata" on the state or the state machine to use it',
        )


_NESTED_HOLDERS = frozenset({*_SUBOBJECTS, "Catch", "Choices"})
_NESTED_EXCLUSIVE_HOLDERS = frozenset(path[0] for path, _, _ in _EXCLUSIVE_NESTED)
# What a JSONata Choice rule may hold; the comparison operators are JSONPath.
_RULE_SHARED = frozenset({"Next", "Condition", "Assign", "Output", "Comment"})
