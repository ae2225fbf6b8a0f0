"""The table of Step Functions service integrations: one `Integration` record per resource form.

Each service's records live in a module of their own (`lambda_.py`, `sqs.py`, ...); `registry.py`
collects them. Adding an integration is adding a record, not code.
"""
