"""Pydantic models of the Amazon States Language: the one source of truth for its grammar.

Field names are the ASL names. Every model forbids unknown fields and validates strictly (no
string-to-number coercion), so the models accept exactly what the JSON Schema generated from them
(`flowdsl.asl.schema_gen`, shipped as `schema.json`) accepts. The models hold only declarative
rules (fields, JSON types, ranges, enums); rules that relate fields to each other (End xor Next,
query-language-specific fields, graph rules, ...) live in `flowdsl.validate` checks, one place each.

One model per state type covers both query languages (JSONPath and JSONata): which fields a state
may use depends on the query language it inherits, which a schema cannot see locally.

Sources (fields, types and ranges):
- https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
- https://docs.aws.amazon.com/step-functions/latest/dg/workflow-states.html (one page per type)
- https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (Retry, Catch)
- https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html (ItemReader,
  ItemBatcher, ResultWriter, ToleratedFailure*, Label)
- https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html (Assign)
- https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (JSONata fields)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

# A JSONata expression is a string wrapped in `{%` and `%}`; whether it parses is a check.
Jsonata = Annotated[str, StringConstraints(pattern=r"^\{%[\s\S]*%\}$")]
# ASL limits many counters to 99999999 (the console and the service agree on this bound).
MAX_SECONDS = 99999999
# A JSON value: templates, results and outputs hold any JSON.
Json = Any
# A JSONPath Path / ReferencePath text; its syntax is a check (null means "discard" or "none").
PathOrNull = str | None
# Payload templates (Parameters, ResultSelector, ItemSelector, Assign): JSON objects.
Template = dict[str, Any]
# State names: 1-80 characters (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
StateName = Annotated[str, StringConstraints(min_length=1, max_length=80)]
QueryLanguageName = Literal["JSONPath", "JSONata"]


class AslModel(BaseModel):
    """Base of every ASL object: unknown fields rejected, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Retrier(AslModel):
    """One entry of a state's Retry list."""

    ErrorEquals: Annotated[list[str], Field(min_length=1)]
    IntervalSeconds: Annotated[int, Field(ge=1, le=MAX_SECONDS)] | None = None
    MaxAttempts: Annotated[int, Field(ge=0, le=MAX_SECONDS)] | None = None
    BackoffRate: Annotated[float, Field(ge=1.0, le=MAX_SECONDS)] | None = None
    # Upper bound documented as "less than 31622401" (one year in seconds).
    MaxDelaySeconds: Annotated[int, Field(ge=1, le=31622400)] | None = None
    JitterStrategy: Literal["FULL", "NONE"] | None = None
    Comment: str | None = None


class Catcher(AslModel):
    """One entry of a state's Catch list."""

    ErrorEquals: Annotated[list[str], Field(min_length=1)]
    Next: str
    ResultPath: PathOrNull = None
    Assign: Template | None = None
    Output: Json = None
    Comment: str | None = None


class Credentials(AslModel):
    """Cross-account task credentials: a role ARN, a JSONPath to one, or a JSONata expression."""

    RoleArn: str | None = None
    RoleArn_path: str | None = Field(default=None, alias="RoleArn.$")


_Credentials = Credentials  # the field of the same name would shadow the class


class _Comparison(AslModel):
    """The operators of a JSONPath Choice rule; exactly one per rule is a check (ASL400)."""

    Variable: str | None = None
    And: Annotated[list[NestedChoiceRule], Field(min_length=1)] | None = None
    Or: Annotated[list[NestedChoiceRule], Field(min_length=1)] | None = None
    Not: NestedChoiceRule | None = None
    StringEquals: str | None = None
    StringEqualsPath: str | None = None
    StringLessThan: str | None = None
    StringLessThanPath: str | None = None
    StringGreaterThan: str | None = None
    StringGreaterThanPath: str | None = None
    StringLessThanEquals: str | None = None
    StringLessThanEqualsPath: str | None = None
    StringGreaterThanEquals: str | None = None
    StringGreaterThanEqualsPath: str | None = None
    StringMatches: str | None = None
    NumericEquals: float | None = None
    NumericEqualsPath: str | None = None
    NumericLessThan: float | None = None
    NumericLessThanPath: str | None = None
    NumericGreaterThan: float | None = None
    NumericGreaterThanPath: str | None = None
    NumericLessThanEquals: float | None = None
    NumericLessThanEqualsPath: str | None = None
    NumericGreaterThanEquals: float | None = None
    NumericGreaterThanEqualsPath: str | None = None
    BooleanEquals: bool | None = None
    BooleanEqualsPath: str | None = None
    TimestampEquals: str | None = None
    TimestampEqualsPath: str | None = None
    TimestampLessThan: str | None = None
    TimestampLessThanPath: str | None = None
    TimestampGreaterThan: str | None = None
    TimestampGreaterThanPath: str | None = None
    TimestampLessThanEquals: str | None = None
    TimestampLessThanEqualsPath: str | None = None
    TimestampGreaterThanEquals: str | None = None
    TimestampGreaterThanEqualsPath: str | None = None
    IsNull: bool | None = None
    IsPresent: bool | None = None
    IsNumeric: bool | None = None
    IsString: bool | None = None
    IsBoolean: bool | None = None
    IsTimestamp: bool | None = None


class NestedChoiceRule(_Comparison):
    """A rule inside And/Or/Not: no Next of its own."""

    Comment: str | None = None


class ChoiceRule(_Comparison):
    """A top-level Choice rule: a JSONPath comparison or a JSONata Condition, and a Next."""

    Next: str
    Condition: Jsonata | bool | None = None
    Assign: Template | None = None
    Output: Json = None
    Comment: str | None = None


class _StateBase(AslModel):
    Comment: str | None = None
    QueryLanguage: QueryLanguageName | None = None


class _Flow(AslModel):
    Next: str | None = None
    End: bool | None = None


class PassState(_StateBase, _Flow):
    """Pass: passes input to output, optionally injecting Result (JSONPath) or Output (JSONata)."""

    Type: Literal["Pass"]
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    # A Pass state's Parameters may be an array (its objects are templates in turn): AWS deploys
    # one (aws-samples/serverless-patterns, eventbridge-pipes-sqs-to-lambda-with-stepfunction-
    # enrichment), and asl-validator accepts it since ChristopheBougere/asl-validator#101.
    Parameters: Template | list[Any] | None = None
    ResultPath: PathOrNull = None
    Result: Json = None
    Assign: Template | None = None
    Output: Json = None


class TaskState(_StateBase, _Flow):
    """Task: one unit of work done by an activity, a Lambda function or a service integration."""

    Type: Literal["Task"]
    Resource: str
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    Parameters: Template | None = None
    Arguments: Template | Jsonata | None = None
    ResultSelector: Template | None = None
    ResultPath: PathOrNull = None
    TimeoutSeconds: Annotated[int, Field(ge=1, le=MAX_SECONDS)] | Jsonata | None = None
    TimeoutSecondsPath: str | None = None
    HeartbeatSeconds: Annotated[int, Field(ge=1, le=MAX_SECONDS)] | Jsonata | None = None
    HeartbeatSecondsPath: str | None = None
    Credentials: _Credentials | None = None
    Retry: list[Retrier] | None = None
    Catch: list[Catcher] | None = None
    Assign: Template | None = None
    Output: Json = None


class ChoiceState(_StateBase):
    """Choice: picks the Next of the first rule that matches, else Default."""

    Type: Literal["Choice"]
    Choices: Annotated[list[ChoiceRule], Field(min_length=1)]
    Default: str | None = None
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    Assign: Template | None = None
    Output: Json = None


class WaitState(_StateBase, _Flow):
    """Wait: pauses for Seconds or until Timestamp (literal, path, or JSONata expression)."""

    Type: Literal["Wait"]
    Seconds: Annotated[int, Field(ge=0, le=MAX_SECONDS)] | Jsonata | None = None
    Timestamp: str | None = None
    SecondsPath: str | None = None
    TimestampPath: str | None = None
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    Assign: Template | None = None
    Output: Json = None


class SucceedState(_StateBase):
    """Succeed: ends the execution (or branch, or iteration) successfully."""

    Type: Literal["Succeed"]
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    Output: Json = None


class FailState(_StateBase):
    """Fail: ends the execution with an error name and cause."""

    Type: Literal["Fail"]
    Error: str | None = None
    Cause: str | None = None
    ErrorPath: str | None = None
    CausePath: str | None = None


class Branch(AslModel):
    """A Parallel branch: its own scope of states."""

    StartAt: str
    States: Annotated[dict[StateName, State], Field(min_length=1)]
    Comment: str | None = None


class ParallelState(_StateBase, _Flow):
    """Parallel: runs every branch on the same input; the result is the array of branch outputs."""

    Type: Literal["Parallel"]
    Branches: Annotated[list[Branch], Field(min_length=1)]
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    Parameters: Template | None = None
    Arguments: Template | Jsonata | None = None
    ResultSelector: Template | None = None
    ResultPath: PathOrNull = None
    Retry: list[Retrier] | None = None
    Catch: list[Catcher] | None = None
    Assign: Template | None = None
    Output: Json = None


class ProcessorConfig(AslModel):
    """How a Map runs its item processor: inline, or as distributed child executions."""

    Mode: Literal["INLINE", "DISTRIBUTED"] | None = None
    ExecutionType: Literal["STANDARD", "EXPRESS"] | None = None


_ProcessorConfig = ProcessorConfig  # the field of the same name would shadow the class


class ItemProcessor(AslModel):
    """The states a Map runs for each item."""

    ProcessorConfig: _ProcessorConfig | None = None
    StartAt: str
    States: Annotated[dict[StateName, State], Field(min_length=1)]
    Comment: str | None = None


_ItemProcessor = ItemProcessor  # the field of the same name would shadow the class


class Iterator(AslModel):
    """The legacy (pre-ItemProcessor) form of an inline Map's states.

    AWS still accepts a ProcessorConfig here (LocalStack's AWS-validated
    map_state_legacy_config_* tests create such definitions), so it is allowed as in ItemProcessor.
    """

    ProcessorConfig: _ProcessorConfig | None = None
    StartAt: str
    States: Annotated[dict[StateName, State], Field(min_length=1)]
    Comment: str | None = None


_Iterator = Iterator  # the field of the same name would shadow the class


class ReaderConfig(AslModel):
    """How a Distributed Map reads its dataset."""

    InputType: Literal["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"] | None = None
    CSVHeaderLocation: Literal["FIRST_ROW", "GIVEN"] | None = None
    CSVHeaders: list[str] | None = None
    CSVDelimiter: Literal["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"] | None = None
    ManifestType: Literal["ATHENA_DATA", "S3_INVENTORY"] | None = None
    MaxItems: Annotated[int, Field(ge=0, le=100000000)] | Jsonata | None = None
    MaxItemsPath: str | None = None
    # A JSON Pointer to the array inside a JSON file (state-map-distributed.html, 2025).
    ItemsPointer: str | None = None


_ReaderConfig = ReaderConfig  # the field of the same name would shadow the class


class ItemReader(AslModel):
    """Where a Distributed Map reads items from (an S3 object, listing or manifest)."""

    Resource: str
    Parameters: Template | None = None
    Arguments: Template | Jsonata | None = None
    ReaderConfig: _ReaderConfig | None = None


_ItemReader = ItemReader  # the field of the same name would shadow the class


class ItemBatcher(AslModel):
    """How a Distributed Map groups items into batches."""

    MaxItemsPerBatch: Annotated[int, Field(ge=0)] | Jsonata | None = None
    MaxItemsPerBatchPath: str | None = None
    # Documented maximum: 256 KiB per batch.
    MaxInputBytesPerBatch: Annotated[int, Field(ge=0, le=262144)] | Jsonata | None = None
    MaxInputBytesPerBatchPath: str | None = None
    BatchInput: Template | Jsonata | None = None


_ItemBatcher = ItemBatcher  # the field of the same name would shadow the class


class WriterConfig(AslModel):
    """How a Distributed Map shapes and writes its results."""

    OutputType: Literal["JSON", "JSONL"] | None = None
    Transformation: Literal["NONE", "COMPACT", "FLATTEN"] | None = None


_WriterConfig = WriterConfig  # the field of the same name would shadow the class


class ResultWriter(AslModel):
    """Where a Distributed Map writes its results (an S3 prefix)."""

    Resource: str | None = None
    Parameters: Template | None = None
    Arguments: Template | Jsonata | None = None
    WriterConfig: _WriterConfig | None = None


_ResultWriter = ResultWriter  # the field of the same name would shadow the class


class MapState(_StateBase, _Flow):
    """Map: runs a set of states for each item of an array or dataset, inline or distributed."""

    Type: Literal["Map"]
    ItemProcessor: _ItemProcessor | None = None
    Iterator: _Iterator | None = None
    ItemsPath: PathOrNull = None
    Items: list[Any] | dict[str, Any] | Jsonata | None = None
    ItemSelector: Template | Jsonata | None = None
    Parameters: Template | None = None
    ItemReader: _ItemReader | None = None
    ItemBatcher: _ItemBatcher | None = None
    ResultWriter: _ResultWriter | None = None
    MaxConcurrency: Annotated[int, Field(ge=0)] | Jsonata | None = None
    MaxConcurrencyPath: str | None = None
    ToleratedFailurePercentage: Annotated[float, Field(ge=0, le=100)] | Jsonata | None = None
    ToleratedFailurePercentagePath: str | None = None
    ToleratedFailureCount: Annotated[int, Field(ge=0)] | Jsonata | None = None
    ToleratedFailureCountPath: str | None = None
    # Label: up to 40 characters, without the characters names may not hold (whitespace,
    # brackets, wildcards, special and control characters) (state-map-distributed.html).
    Label: (
        Annotated[
            str,
            StringConstraints(
                min_length=1,
                max_length=40,
                pattern=r"^[^\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]+$",
            ),
        ]
        | None
    ) = None
    InputPath: PathOrNull = None
    OutputPath: PathOrNull = None
    ResultPath: PathOrNull = None
    ResultSelector: Template | None = None
    Retry: list[Retrier] | None = None
    Catch: list[Catcher] | None = None
    Assign: Template | None = None
    Output: Json = None


State = Annotated[
    PassState
    | TaskState
    | ChoiceState
    | WaitState
    | SucceedState
    | FailState
    | ParallelState
    | MapState,
    Field(discriminator="Type"),
]


class StateMachine(AslModel):
    """A complete ASL definition."""

    Comment: str | None = None
    StartAt: str
    States: Annotated[dict[StateName, State], Field(min_length=1)]
    QueryLanguage: QueryLanguageName | None = None
    TimeoutSeconds: Annotated[int, Field(ge=1, le=MAX_SECONDS)] | None = None
    Version: str | None = None


for _model in (NestedChoiceRule, ChoiceRule, Branch, ItemProcessor, Iterator, StateMachine):
    _model.model_rebuild()

STATE_MODELS: dict[str, type[AslModel]] = {
    "Pass": PassState,
    "Task": TaskState,
    "Choice": ChoiceState,
    "Wait": WaitState,
    "Succeed": SucceedState,
    "Fail": FailState,
    "Parallel": ParallelState,
    "Map": MapState,
}
