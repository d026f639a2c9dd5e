"""Requirement sets (ASPS, boards, DEA, state licences) as data, and the verdicts of a record against them."""
