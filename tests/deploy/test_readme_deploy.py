"""The README's Deploy section works as written: seed 004's messaging workflow with the README's
`ref=` declarations drops into a SAM template in seed 004's layout that cfn-lint accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import FLOWS, ROOT
from tests.deploy.helpers import compile_source, documents, require_sam_transform

DECLARATIONS = re.compile(r"^\w+ = (Function|Topic|Queue)\(.*\)$", re.M)


def _readme_binding_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "ref=" in b]
    return str(block)


def test_readme_bindings_give_a_sam_resource_for_seed_004s_template(tmp_path: Path) -> None:
    require_sam_transform()
    from cfnlint.api import ManualArgs, lint

    flow = (FLOWS / "messaging.py").read_text(encoding="utf-8")
    assert len(DECLARATIONS.findall(flow)) == 4
    first = DECLARATIONS.search(flow)
    assert first is not None
    bound = DECLARATIONS.sub("", flow)
    bound = bound[: first.start()] + _readme_binding_block() + bound[first.start() :]
    files = documents(compile_source(tmp_path, bound))
    sam = files["MessagingStateMachine/sam.json"]
    machine = sam["Resources"]["MessagingStateMachine"]["Properties"]
    assert machine["DefinitionSubstitutions"]["PublishMessagesFunctionArn"] == {
        "Fn::GetAtt": ["PublishMessagesFunction", "Arn"]
    }
    assert machine["DefinitionSubstitutions"]["NotificationsQueueUrl"] == {
        "Ref": "NotificationsQueue"
    }
    # Seed 004's template.yml: the functions, the topic and its two queues, beside the state
    # machine whose definition stays in generated/.
    function = {
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "Runtime": "python3.12",
            "Handler": "app.handler",
            "InlineCode": "def handler(event, context):\n    return event\n",
        },
    }
    sam["Resources"].update(
        {
            "PublishMessagesFunction": function,
            "ProcessMessagesFunction": function,
            "MessagesTopic": {"Type": "AWS::SNS::Topic"},
            "NotificationsQueue": {"Type": "AWS::SQS::Queue"},
            "AlertsQueue": {"Type": "AWS::SQS::Queue"},
        }
    )
    machine["DefinitionUri"] = "generated/MessagingStateMachine/definition.asl.json"
    (tmp_path / "generated" / "MessagingStateMachine").mkdir(parents=True)
    (tmp_path / "generated" / "MessagingStateMachine" / "definition.asl.json").write_text(
        json.dumps(files["MessagingStateMachine/definition.asl.json"])
    )
    findings = lint(json.dumps(sam), config=ManualArgs(regions=["us-east-1"]))
    assert [f"{m.rule.id} {m.message}" for m in findings] == []
