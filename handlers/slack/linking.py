"""Link codes: a member connects another Slack account (another workspace) to their record.

A Slack account joins an existing record by its profile e-mail only where the
record's own Slack accounts live (the core's rule,
`bot.membership.may_link_by_email`); anywhere else the member links it
themselves: `/cme link` from an account already theirs gives a code, and
`/cme link CODE` typed by the new account joins it.
The code proves that whoever types it was given it by the record's owner, the
way a pairing code does. The door issues and reads codes; whether a code's
account joins the record is the core's decision (`Conversation.join`).

Codes need no table: a code is the member id and an expiry, signed (HMAC-SHA256,
80 bits) with a key derived from the app's Slack secret, so every process of
the app reads every other's codes. `store.mark_event` makes each one single-use.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import time
from collections.abc import Callable

TTL_SECONDS = 15 * 60
_MAC_BYTES = 10
_PURPOSE = b"cmebot slack link code v1"


class LinkCodes:
    def __init__(self, secret: str, clock: Callable[[], float] = time.time, ttl: int = TTL_SECONDS) -> None:
        self._key = hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()
        self._clock = clock
        self.ttl = ttl

    def issue(self, member_id: int) -> str:
        """A code for `member_id`, good for `ttl` seconds, in groups of five letters and digits."""
        payload = struct.pack(">II", member_id, int(self._clock()) + self.ttl)
        text = base64.b32encode(payload + self._mac(payload)).decode().rstrip("=")
        return "-".join(text[i : i + 5] for i in range(0, len(text), 5))

    def read(self, code: str) -> int | None:
        """The member a code was issued for; None when it is mistyped, forged or expired."""
        text = "".join(code.split()).replace("-", "").upper()
        try:
            raw = base64.b32decode(text + "=" * (-len(text) % 8))
        except (binascii.Error, ValueError):
            return None
        if len(raw) != 8 + _MAC_BYTES:
            return None
        payload, mac = raw[:8], raw[8:]
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        member_id, expires = struct.unpack(">II", payload)
        return member_id if self._clock() <= expires else None

    @staticmethod
    def key(code: str) -> str:
        """The code as one spelling, to mark it used."""
        return "slack-link:" + "".join(code.split()).replace("-", "").upper()

    def _mac(self, payload: bytes) -> bytes:
        return hmac.new(self._key, payload, hashlib.sha256).digest()[:_MAC_BYTES]
