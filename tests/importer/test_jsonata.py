"""`flowdsl import` of JSONata definitions: the Python each `{% %}` expression becomes, the
Python of whole definitions (golden), their round trip, flowdsl's own JSONata output read back,
and the refusals (each naming the construct that has no Python form)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from flowdsl.importer import Definition, import_definition, read_definitions
from flowdsl.importer.verify import Scenario, _compare, _run, recompile, verify
from flowdsl.run import run
from tests.conftest import ROOT, run_flowdsl
from tests.importer.literal import comments

CASES = Path(__file__).parent / "cases"
ORDERS = CASES / "jsonata_orders.asl.json"
MIXED = CASES / "jsonata_mixed.asl.json"

INPUT = {
    "a": 7,
    "b": -2,
    "s": "  Hello World ",
    "xs": [3, 1, 2],
    "o": {"k": 1, "m": None},
    "flag": True,
    "when": "2026-01-02T00:00:00Z",
    "json": '{"x": [1, 2]}',
}


def _pass(expression: str) -> dict[str, Any]:
    """A JSONata definition whose one state outputs `expression`."""
    return {
        "QueryLanguage": "JSONata",
        "StartAt": "Compute",
        "States": {"Compute": {"Type": "Pass", "Output": expression, "End": True}},
    }


# (JSONata, the Python the import writes for it): each recompiles to a definition with the
# same output on INPUT.
EXPRESSIONS = [
    ("$states.input.a", 'data["a"]'),
    ("$states.input.xs[-1]", 'data["xs"][-1]'),
    ("$states.input.a + $states.input.b * 2", 'data["a"] + data["b"] * 2'),
    ("$states.input.a / 2 - 1", 'data["a"] / 2 - 1'),
    ("$states.input.a > 3 and $states.input.b != 0", 'data["a"] > 3 and data["b"] != 0'),
    ("$states.input.flag or false", 'data["flag"] or False'),
    ("$not($states.input.flag)", 'not data["flag"]'),
    ("$states.input.a = 7 ? 'seven' : 'other'", '"seven" if data["a"] == 7 else "other"'),
    ("'s=' & $states.input.s & '!'", "f\"s={data['s']}!\""),
    ("$count($states.input.xs)", 'len(data["xs"])'),
    ("$sum($states.input.xs)", 'sum(data["xs"])'),
    ("$max($states.input.xs)", 'max(data["xs"])'),
    ("$string($states.input.a)", 'str(data["a"])'),
    ("$number('12.5')", 'float("12.5")'),
    ("$uppercase($states.input.s)", 'data["s"].upper()'),
    ("$lowercase($states.input.s)", 'data["s"].lower()'),
    ("$substring($states.input.s, 2, 5)", 'data["s"][2:7]'),
    ("$contains($states.input.s, 'World')", '"World" in data["s"]'),
    ("$split('a,b,c', ',')", '"a,b,c".split(",")'),
    ("$join(['a', 'b'], '-')", '"-".join(["a", "b"])'),
    ("$keys($states.input.o)", 'list(data["o"].keys())'),
    ("$exists($states.input.o.k)", '"k" in data["o"]'),
    ("$exists($states.input.missing)", '"missing" in data'),
    ("$parse($states.input.json)", 'json.loads(data["json"])'),
    ("$merge([$states.input.o, {'n': 2}])", '{**data["o"], "n": 2}'),
    ("[$states.input.a, 'x', {'k': $states.input.b}]", '[data["a"], "x", {"k": data["b"]}]'),
    ("$states.context.Execution.Input.a", 'context.execution_input["a"]'),
    ("$round(2.5)", "round(2.5)"),
    ("$abs($states.input.b)", 'abs(data["b"])'),
    ("$floor($states.input.a / 2)", 'data["a"] // 2'),
    ("$states.input.a in $states.input.xs", 'data["a"] in data["xs"]'),
    ("$replace($states.input.s, 'l', 'L')", 'data["s"].replace("l", "L")'),
    ("-$states.input.a", '-data["a"]'),
]


@pytest.mark.parametrize(("jsonata", "python"), EXPRESSIONS, ids=[e[0] for e in EXPRESSIONS])
def test_expression_reads_back_as_python_with_the_same_value(jsonata: str, python: str) -> None:
    definition = _pass("{% " + jsonata + " %}")
    module = import_definition(Definition("Expr", definition, "expr.asl.json"))
    assert f"return {python}" in module.source, module.source
    recompiled = recompile(module.source, "Expr")
    assert recompiled["QueryLanguage"] == "JSONata"
    before, after = run(definition, INPUT, {}), run(recompiled, INPUT, {})
    assert (before.status, before.output) == (after.status, after.output)
    assert before.status == "SUCCEEDED"


# flowdsl's own forms (asl/jsonata.py) read back as the Python they came from.
IDIOMS = [
    ('if bool(data["xs"]):', "bool"),
    ('str(data["a"])', "str"),
    ('data["s"].strip()', "strip"),
    ('data["xs"][1:]', "slice"),
    ('data["s"].startswith("  He")', "startswith"),
    ('isinstance(data["a"], int)', "isinstance"),
    ('int("12")', "int"),
    ('[x * 2 for x in data["xs"] if x > 1]', "comprehension"),
    ('data.get("missing", 5)', "get"),
    ('data["a"] % 3', "mod"),
    ('data["o"]["m"] is None', "is None"),
    ('any(data["xs"])', "any"),
    ('json.dumps(data["o"])', "json.dumps"),
]


@pytest.mark.parametrize(("python", "idiom"), IDIOMS, ids=[i[1] for i in IDIOMS])
def test_flowdsl_forms_read_back_as_their_python(tmp_path: Path, python: str, idiom: str) -> None:
    body = (
        f"    {python}\n        return 1\n    return 0\n"
        if python.startswith("if ")
        else f"    return {python}\n"
    )
    source = (
        "import json\n\nfrom flowdsl import workflow\n\n\n"
        f"@workflow(name='Idiom')\ndef idiom(data: dict):\n{body}"
    )
    compiled = recompile(source, "Idiom")
    module = import_definition(Definition("Idiom", compiled, "idiom.asl.json"))
    assert python.removeprefix("if ").removesuffix(":") in module.source, module.source
    recompiled = recompile(module.source, "Idiom")
    before, after = run(compiled, INPUT, {}), run(recompiled, INPUT, {})
    assert (before.status, before.output) == (after.status, after.output)


@pytest.mark.parametrize("path", [ORDERS, MIXED], ids=lambda p: p.name)
def test_generated_python(path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    assert import_definition(read_definitions(path)[0]).source == snapshot


@pytest.mark.parametrize("path", [ORDERS, MIXED], ids=lambda p: p.name)
def test_round_trip_is_jsonata_and_behaves_the_same(path: Path) -> None:
    definition = read_definitions(path)[0]
    recompiled = recompile(import_definition(definition).source, definition.name)
    assert recompiled["QueryLanguage"] == "JSONata"
    report = verify(definition.asl, recompiled)
    assert report.same, "\n".join(d.format() for d in report.differences)
    assert report.scenarios >= 2


@pytest.mark.parametrize("total", [5, 50, 200, 600])
def test_orders_behave_the_same_on_every_branch(total: int) -> None:
    # The Choice tests variables, which verify's derived inputs cannot set: each branch is
    # run here with the pricing Lambda answering the total that takes it.
    definition = read_definitions(ORDERS)[0]
    recompiled = recompile(import_definition(definition).source, definition.name)
    order = {"customer": "ana", "lines": [{"sku": "a"}, {"sku": "b"}]}
    answers = {
        "Price Order": {"total": total, "tracking": "T"},
        "Ship Line": {"tracking": "T-1"},
        "Ask Approval": {"approved": True},
        "Email": {"MessageId": "m"},
    }
    for failing in ({}, {"Price Order": "States.TaskFailed"}):
        scenario = Scenario(f"total {total}", {"order": order, "timeout": 30}, answers, failing)
        before, after = _run(definition.asl, scenario), _run(recompiled, scenario)
        assert not _compare(scenario.name, before, after), (before, after)
        assert before.status == ("FAILED" if failing else "SUCCEEDED"), before


# (definition fragment, what the refusal names)
REFUSALS = [
    ("{% 'id-' & $uuid() %}", r"\$uuid\(\) \(a random UUID\)"),
    ("{% $millis() %}", r"\$millis\(\) \(the current time\)"),
    ("{% $states.input.xs[$ > 1] %}", r"a filter \(`\[condition\]`\)"),
    ("{% ($x := 1; $x + 1) %}", r"a block of several expressions"),
    ("{% $states.input.xs ~> $count() %}", r"the chain operator `~>`"),
    ("{% $match($states.input.s, /l+/) %}", r"the function \$match"),
    ("{% $states.input.a % 2 %}", r"the remainder `%`"),
    ("{% $states.input.a ? 1 %}", r"a condition without an else part"),
    ("{% function($x) { $x } %}", r"a function definition"),
    ("{% $unknown + 1 %}", r"reads the variable \$unknown, assigned nowhere"),
    ("{% $states.context %}", r"the context field"),
    ("{% $substring($states.input.s, -3) %}", r"\$substring with 2 arguments"),
]


@pytest.mark.parametrize(("expression", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_what_has_no_python_form_is_literal_asl_saying_why(expression: str, message: str) -> None:
    module = import_definition(Definition("Refused", _pass(expression), "refused.asl.json"))
    assert module.low_level == 1
    assert re.search("state 'Compute': .*" + message, comments(module.source))


def test_a_computed_function_name_is_refused() -> None:
    # A declared Function has one ARN; flowdsl has no call of a function named at run time.
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Call",
        "States": {
            "Call": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "{% $states.input.fn %}", "Payload": {}},
                "End": True,
            }
        },
    }
    module = import_definition(Definition("Computed", definition, "computed.asl.json"))
    assert module.low_level == 1
    assert "literal FunctionName" in comments(module.source)


def test_cli_writes_literal_asl_and_counts_it(tmp_path: Path) -> None:
    path = tmp_path / "refused.asl.json"
    path.write_text(json.dumps(_pass("{% $uuid() %}")))
    done = run_flowdsl(tmp_path, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "low-level: 1" in done.stderr and "Traceback" not in done.stderr
    assert "uses $uuid() (a random UUID)" in " ".join(done.stdout.split())


# flowdsl's own JSONata output (every golden construct and seed flow) imported back behaves
# as compiled, except what the import still refuses there, each with its reason.
GOLDEN = ROOT / "tests" / "compiler" / "__snapshots__" / "test_golden"
GOLDEN_REFUSED = {
    # A for loop whose iterations append to a list defined before it: the Map's results are
    # gathered into the list with $reduce, which no Python expression says.
    "BranchingMaps": r"the function \$reduce",
    "Distributed": "a Distributed Map has no import yet",
    # `del event["drop"]` is a statement; its JSONata ($sift) has no Python expression.
    "Merges": r"the function \$sift",
    # Format specs ($formatNumber and $pad) have no idiom yet.
    "FormatSpecs": "uses a block of several expressions",
    # Stepped slices (x[::2]) have no idiom yet.
    "Slices": "uses a block of several expressions",
    # flowdsl lowers a try body with a Choice as a graph whose handlers join inside the body.
    "TryCatch": "would be written twice",
    "TryRaise": "would be written twice",
    # The literal ASL case itself: an AWS SDK Task without Arguments sends its whole input.
    "LiteralAsl": "Arguments are not an object of parameters",
}


def _golden_definitions() -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for snapshot in sorted(GOLDEN.glob("*.json")):
        for key, text in json.loads(snapshot.read_text(encoding="utf-8")).items():
            if key.endswith("/definition.asl.json"):
                definition = text if isinstance(text, dict) else json.loads(text)
                found.append((key.split("/")[0], definition))
    return sorted(found, key=lambda item: item[0])


@pytest.mark.parametrize(
    ("name", "definition"), _golden_definitions(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_flowdsl_jsonata_output_imports_back(name: str, definition: dict[str, Any]) -> None:
    imported = Definition(name, definition, f"{name}.asl.json")
    module = import_definition(imported)
    if name in GOLDEN_REFUSED:
        assert module.low_level > 0
        assert re.search(GOLDEN_REFUSED[name], comments(module.source))
    else:
        assert module.low_level == 0, comments(module.source)
    report = verify(definition, recompile(module.source, name))
    assert report.same, "\n".join(d.format() for d in report.differences)
