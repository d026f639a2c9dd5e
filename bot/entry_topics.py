"""The topics an entry can carry (ethics, opioids, child abuse…), as data.

Subject credits (patient safety, plastic surgery) are the portal's; topics are
what state licences and boards ask hours of. Each topic has a fixed bit, so an
entry's topics are one integer column and the database sums credits per topic
in the same scan as the totals (bench/summary.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class EntryTopic:
    code: str
    bit: int
    label: str
    terms: tuple[str, ...]


@cache
def entry_topics() -> dict[str, EntryTopic]:
    raw = json.loads(resources.files("bot").joinpath("entry_topics.json").read_text("utf-8"))
    topics = {
        t["code"]: EntryTopic(t["code"], int(t["bit"]), t["label"], tuple(t["terms"])) for t in raw["topics"]
    }
    bits = [t.bit for t in topics.values()]
    if len(set(bits)) != len(bits) or not all(0 <= b < 63 for b in bits):
        raise ValueError("entry_topics.json: every topic needs its own bit, 0-62")
    return topics


def topic_mask(codes: Iterable[str]) -> int:
    """The stored bitmask of a set of topic codes; an unknown code is an error, not a silent 0."""
    known = entry_topics()
    mask = 0
    for code in codes:
        if code not in known:
            raise KeyError(f"unknown topic {code!r}")
        mask |= 1 << known[code].bit
    return mask


def topics_of(mask: int) -> frozenset[str]:
    return frozenset(t.code for t in entry_topics().values() if mask & (1 << t.bit))
