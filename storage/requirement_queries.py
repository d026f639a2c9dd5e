"""Requirement-set queries: a member's profile and the per-window sums the verdicts need (issue 14)."""

from __future__ import annotations

from storage.aggregates import AggregateQueries
from storage.profiles import ProfileQueries


class RequirementQueries(AggregateQueries, ProfileQueries):
    """The per-window sums (storage.aggregates) and the member's profile (storage.profiles)."""
