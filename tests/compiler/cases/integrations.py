from flowdsl import EventBus, StateMachine, Table, Topic, workflow

table = Table("Orders")
topic = Topic("OrderEvents")
bus = EventBus("orders")
child = StateMachine("ChildFlow")


@workflow
def child_flow(payload):
    return payload


@workflow
def integrations(order):
    key = {"OrderId": {"S": order["id"]}}
    item = table.get_item(Key=key)
    table.put_item(Item={"OrderId": {"S": order["id"]}, "Status": {"S": "NEW"}})
    table.update_item(
        Key=key,
        UpdateExpression="SET #s = :s",
        ExpressionAttributeNames={"#s": "Status"},
        ExpressionAttributeValues={":s": {"S": "DONE"}},
    )
    table.delete_item(Key=key)
    topic.publish(Message=f"order {order['id']} done", Subject="Order")
    bus.put_events(Entries=[{"Source": "shop", "DetailType": "Done", "Detail": order}])
    child.start_execution(Input=order)
    result = child_flow(order)
    return {"item": item["Item"], "child": result}
