"""Port of aws-samples' path-based-on-data workflow (see originals/PROVENANCE.json)."""

from flowdsl import workflow


@workflow(name="PathBasedOnData", query_language="JSONPath")
def path_based_on_data(event):
    if event["type"] != "Private":  # state: Choice State
        return event  # state: NEXT_STATE_ONE
    elif event["value"] == 0 or (event["value"] >= 20 and event["value"] < 30):
        return event  # state: NEXT_STATE_TWO
    return event  # state: DEFAULT_STATE
