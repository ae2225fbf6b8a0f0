"""Errors of policy derivation: bad input (exit 2), each naming the state and what to do."""

from __future__ import annotations

from flowdsl.errors import UsageError


class PolicyError(UsageError):
    """A definition flowdsl cannot derive a policy for, as written."""


class UnderivableActionError(PolicyError):
    """An aws-sdk call whose IAM action flowdsl cannot derive with confidence."""
