"""The table of validation rules: every code, its one-line description, and where AWS documents it."""

from __future__ import annotations

from typing import NamedTuple

_DG = "https://docs.aws.amazon.com/step-functions/latest/dg/"


class Rule(NamedTuple):
    """One rule: its code, what it forbids, and the AWS page it comes from."""

    code: str
    description: str
    source: str


RULES: tuple[Rule, ...] = (
    # -- shape: enforced by the pydantic models / JSON Schema (flowdsl.asl.models) --------------
    Rule("ASL101", "a required field is missing", _DG + "statemachine-structure.html"),
    Rule("ASL102", "a field is not allowed in this object", _DG + "workflow-states.html"),
    Rule("ASL103", "a state has no Type or an unknown Type", _DG + "workflow-states.html"),
    Rule("ASL104", "a value has the wrong JSON type", _DG + "workflow-states.html"),
    Rule(
        "ASL105",
        "a value is out of range, not an allowed value, or too long",
        _DG + "workflow-states.html",
    ),
    Rule(
        "ASL106",
        "a JSON object has the same key twice",
        "https://www.rfc-editor.org/rfc/rfc8259#section-4",
    ),
    Rule(
        "ASL107", "a state name is empty or longer than 80 characters", _DG + "service-quotas.html"
    ),
    # -- fields that go together -------------------------------------------------------------
    Rule(
        "ASL110",
        'a state needs exactly one of Next or "End": true',
        _DG + "statemachine-structure.html",
    ),
    Rule(
        "ASL111",
        "a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath",
        _DG + "state-wait.html",
    ),
    Rule(
        "ASL112",
        "a field and its *Path variant (or Error/ErrorPath, Cause/CausePath) are both set",
        _DG + "state-task.html",
    ),
    Rule("ASL113", "HeartbeatSeconds must be smaller than TimeoutSeconds", _DG + "state-task.html"),
    Rule(
        "ASL114",
        "a field belongs to the other query language (JSONPath vs JSONata)",
        _DG + "transforming-data.html",
    ),
    Rule(
        "ASL115",
        "a state sets QueryLanguage JSONPath inside a JSONata state machine",
        _DG + "statemachine-structure.html",
    ),
    Rule("ASL116", "a JSONata Choice rule has no Condition", _DG + "state-choice.html"),
    # -- graph ---------------------------------------------------------------------------------
    Rule(
        "ASL200", "StartAt names no state of its States object", _DG + "statemachine-structure.html"
    ),
    Rule(
        "ASL201",
        "a Next, Default or Catch target names no state in the same scope",
        _DG + "statemachine-structure.html",
    ),
    Rule("ASL202", "a state cannot be reached from StartAt", _DG + "statemachine-structure.html"),
    Rule(
        "ASL203",
        "a scope has no terminal state (Succeed, Fail or End)",
        _DG + "statemachine-structure.html",
    ),
    Rule(
        "ASL204",
        "a state name is used more than once in the state machine",
        "https://states-language.net/spec.html#states-fields",
    ),
    # -- Retry and Catch -------------------------------------------------------------------------
    Rule(
        "ASL300",
        "States.ALL must be the only name in its ErrorEquals",
        _DG + "concepts-error-handling.html",
    ),
    Rule(
        "ASL301",
        "a retrier or catcher matching States.ALL must be the last one",
        _DG + "concepts-error-handling.html",
    ),
    # -- Choice ----------------------------------------------------------------------------------
    Rule(
        "ASL400",
        "a JSONPath Choice rule needs exactly one comparison operator or And/Or/Not",
        _DG + "state-choice.html",
    ),
    Rule(
        "ASL401",
        "a comparison needs Variable; And/Or/Not must not have one",
        _DG + "state-choice.html",
    ),
    Rule("ASL402", "a timestamp is not an RFC 3339 date-time", _DG + "state-choice.html"),
    # -- Map -------------------------------------------------------------------------------------
    Rule("ASL500", "a Map needs exactly one of ItemProcessor or Iterator", _DG + "state-map.html"),
    Rule(
        "ASL501", "a field is only allowed in a Distributed Map", _DG + "state-map-distributed.html"
    ),
    Rule(
        "ASL502",
        "a Distributed Map needs ProcessorConfig.ExecutionType; an inline Map must not set it",
        _DG + "state-map-distributed.html",
    ),
    Rule(
        "ASL503",
        "ItemSelector and the legacy Parameters are both set on a Map",
        _DG + "input-output-itemselector.html",
    ),
    Rule(
        "ASL504",
        "an ItemReader or ResultWriter Resource is not an arn:aws:states:::s3: form",
        _DG + "input-output-itemreader.html",
    ),
    # -- expressions -----------------------------------------------------------------------------
    Rule("ASL600", "a JSONPath is not valid", _DG + "amazon-states-language-paths.html"),
    Rule(
        "ASL601",
        "a reference path is not valid (no wildcards, filters or slices)",
        _DG + "amazon-states-language-paths.html",
    ),
    Rule(
        "ASL602", "an intrinsic function call is not valid syntax", _DG + "intrinsic-functions.html"
    ),
    Rule(
        "ASL603",
        "an intrinsic function is unknown or has the wrong number of arguments",
        _DG + "intrinsic-functions.html",
    ),
    Rule("ASL604", "a JSONata expression does not parse", _DG + "transforming-data.html"),
    Rule(
        "ASL605",
        "a {% %} expression is malformed or used where JSONata is not evaluated",
        _DG + "transforming-data.html",
    ),
    Rule(
        "ASL606",
        "a variable is read where it is not visible (assigned only in another scope)",
        _DG + "workflow-variables.html",
    ),
    Rule(
        "ASL607", "a variable name is reserved or not a valid name", _DG + "workflow-variables.html"
    ),
    Rule(
        "ASL608",
        'a ".$" field is misused (non-string value, or a duplicate of its plain key)',
        _DG + "input-output-inputpath-params.html",
    ),
    # -- resources -------------------------------------------------------------------------------
    Rule("ASL700", "a Task Resource is not a recognised ARN form", _DG + "state-task.html"),
    Rule(
        "ASL701",
        "an optimized integration names an unknown service",
        _DG + "integrate-optimized.html",
    ),
    Rule(
        "ASL702",
        "an integration pattern (.sync, .waitForTaskToken) is not supported by that service",
        _DG + "integrate-optimized.html",
    ),
    Rule(
        "ASL703",
        "Express workflows support neither .sync, .waitForTaskToken nor activities",
        _DG + "choosing-workflow-type.html",
    ),
    # -- limits ----------------------------------------------------------------------------------
    Rule(
        "ASL800",
        "the definition is larger than 1 MB (1,048,576 bytes of UTF-8)",
        _DG + "service-quotas.html",
    ),
    Rule("ASL801", "the definition is nested too deeply to validate", _DG + "service-quotas.html"),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

# Service quota: maximum size of a state machine definition, a hard limit of 1 MB
# (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
MAX_DEFINITION_BYTES = 1024 * 1024
