from flowdsl import aws, workflow


@workflow(query_language="JSONPath")
def handler_values(data: dict):
    try:
        data = aws.dynamodb.update_item(
            TableName="Locks",
            Key={"id": {"S": data["id"]}},
            UpdateExpression="SET n = :one",
            ExpressionAttributeValues={":one": {"N": "1"}},
        )
    except Exception as err:
        # The update failed: `data` is still the input (not the update's result).
        data["lock"]["error"] = err
    return data
