"""Known CME providers (online platforms, surgical societies), as data in `providers.json`.

A member writes "Medscape", "ASAPS", "the Aesthetic Society" or "NEJM Knowledge+";
each alias maps to how the record names that provider. An abbreviation stays the
abbreviation the member (and the ASPS portal) uses; any other spelling becomes the
provider's own name. Adding a provider is a new row in the JSON, not a new pattern.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    short: str | None
    aliases: tuple[str, ...]
    accredited: bool
    source: str


@cache
def providers() -> tuple[Provider, ...]:
    raw = json.loads(resources.files(__package__).joinpath("providers.json").read_text("utf-8"))
    return tuple(
        Provider(
            e["name"], e.get("short"), tuple(a.lower() for a in e["aliases"]), e["accredited"], e["source"]
        )
        for e in raw["providers"]
    )


@cache
def display_names() -> dict[str, str]:
    """Each lower-case alias and the name a record gives it."""
    out: dict[str, str] = {}
    for prov in providers():
        for alias in prov.aliases:
            written_short = prov.short is not None and alias == prov.short.lower()
            out[alias] = prov.short if written_short and prov.short else prov.name
    return out


def full_name(abbreviation: str) -> str | None:
    """The full name of a known provider's abbreviation ("AAOS")."""
    for prov in providers():
        if prov.short and prov.short.lower() == abbreviation.lower():
            return prov.name
    return None
