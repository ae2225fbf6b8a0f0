"""From generated/ to a running state machine.

`templates` (the CloudFormation and SAM forms) and `build` (the per-environment files
`flowdsl compile` writes) are pure functions of the compiled workflow and its environment;
`stack` turns a checked-in template into what CloudFormation receives and says what deploying it
would change; `aws` is the only module with side effects (boto3). The command is
`flowdsl.cli.deploy`; the CDK construct is `flowdsl.cdk` (the `cdk` extra).
"""
