from flowdsl import Fail, Function, error, workflow

reserve = Function("reserve")
notify = Function("notify")
OutOfStock = error("OutOfStock")
Invalid = error("Invalid")


@workflow
def try_raise(order):
    attempts = 0
    try:
        attempts = 1
        stock = reserve(order)
        if stock["left"] < 0:
            raise OutOfStock("oversold")
        if stock["status"] != "ok":
            raise Fail(stock["status"], "reserve said no")
    except OutOfStock as problem:
        return {"status": "out of stock", "attempts": attempts, "cause": problem["Cause"]}
    except Invalid:
        try:
            notify(order)
        except Exception as failed:
            notify({"failed": failed["Error"]})  # state: Report
            raise
        return {"status": "invalid", "attempts": attempts}
    return {"status": "reserved", "attempts": attempts}
