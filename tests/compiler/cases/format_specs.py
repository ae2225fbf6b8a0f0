from flowdsl import workflow


@workflow
def format_specs(v: dict):
    # A dict: cfn-lint's schema types a Pass state's Output as a string or an object.
    return {
        "values": [
            f"{v['x']:.2f}",
            f"{v['n']:d}",
            f"{v['n']:5d}",
            f"{v['n']:05d}",
            f"{v['neg']:05d}",
            f"{v['big']:,d}",
            f"{v['big']:_d}",
            f"{v['x']:,.3f}",
            f"{v['x']:+.1f}",
            f"{v['neg']:+d}",
            f"{v['ratio']:.1%}",
            f"{v['s']:>6}",
            f"{v['s']:*^7}",
            f"{v['s']:<4}|",
            f"{v['s']:.2}",
            f"{v['n']:6}",
            f"{v['s']:6}|",
            f"total {v['x']:10.3f} EUR",
            f"{v['x']:f}",
            f"{v['half']:.0f}",
            f"{v['neg']:08.2f}",
            f"{v['x']: .2f}",
        ]
    }
