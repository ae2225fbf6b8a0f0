"""aws.ec2_instance_connect: AWS EC2 Instance Connect."""

from typing import Any, Unpack

from flowdsl.aws_api._options import TaskOptions

class Ec2InstanceConnect:
    def send_serial_console_ssh_public_key(self, *, InstanceId: str, SSHPublicKey: str, SerialPort: int = ..., **options: Unpack[TaskOptions]) -> Any: ...
    def send_ssh_public_key(self, *, InstanceId: str, InstanceOSUser: str, SSHPublicKey: str, AvailabilityZone: str = ..., **options: Unpack[TaskOptions]) -> Any: ...
