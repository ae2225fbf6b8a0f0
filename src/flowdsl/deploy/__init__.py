"""From generated/ to a running state machine.

`templates` (CloudFormation and SAM forms) and `build` (the per-environment files compile
writes) are pure functions of the compiled workflow and its environment; `stack` resolves a
checked-in template into what CloudFormation receives, `changes` says what a deployment will
change, and `aws` is the only module with side effects (boto3). `flowdsl.cdk` is the CDK construct.
"""
