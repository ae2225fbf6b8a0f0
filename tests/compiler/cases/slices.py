from flowdsl import workflow


@workflow
def slices(v: dict):
    xs = v["xs"]
    s = v["s"]
    # A dict: cfn-lint's schema types a Pass state's Output as a string or an object.
    return {
        "values": [
            xs[::-1],
            xs[::2],
            xs[1::2],
            xs[-2::-1],
            xs[:1:-1],
            xs[5:0:-2],
            xs[-10:10:3],
            s[::-1],
            s[::2],
            xs[::-3],
            [[1, 2], [3]][::-1],
            s[1:1:-1],
        ]
    }
