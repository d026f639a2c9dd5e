"""Requirement-set queries: a member's profile and the per-window sums the verdicts need (issue 14)."""

from __future__ import annotations

from decimal import Decimal

from bot.requirement_sets.model import Aggregate, Profile, Window
from storage.store_base import StoreBase


class RequirementQueries(StoreBase):
    async def aggregates(
        self, member_id: int, wanted: dict[Window, frozenset[Aggregate]]
    ) -> dict[Window, dict[Aggregate, Decimal]]:
        raise NotImplementedError("issue 14: storage helper")

    async def profile(self, member_id: int) -> Profile:
        return Profile()

    async def save_profile(self, member_id: int, profile: Profile) -> None:
        raise NotImplementedError("issue 14: storage helper")
