"""The bot speaks first: what to remind a member of, when, and in which words (issue 15).

Pure parts only: planning thresholds, quiet hours in the member's zone, the
texts. Rows, claims and sending live on the composition side
(`handlers.reminders_runner`, `storage.reminders`).
"""
