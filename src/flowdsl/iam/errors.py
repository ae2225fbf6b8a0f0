"""Errors of policy derivation: bad input (exit 2), each naming the state and what to do."""

from __future__ import annotations

from flowdsl.errors import UsageError


class PolicyError(UsageError):
    """A definition flowdsl cannot derive a policy for, as written."""

    state: str | None = None  # the state it is about, where there is one


class UnderivableActionError(PolicyError):
    """An aws-sdk call whose IAM action flowdsl cannot derive with confidence."""


class WildcardResourceError(PolicyError):
    """A resource name or literal ARN holding `*`: refused rather than granted on every resource
    of its kind (or in every region or account) without a word."""
