"""Authentication verdicts, DKIM checked by the bot, and RFC 3834 loop rules (no database)."""

from __future__ import annotations

from collections.abc import Callable

import dkim
import pytest

from handlers.email.parsing import parse
from handlers.email.trust import Auth, accepts, authenticate, no_reply_reason, parse_authentication_results
from tests.email.conftest import make_mail, raw


def _signed(private: bytes, body: str = "log 1 cat 1", sender: str = "steve@example.org") -> bytes:
    message = raw(make_mail(body, sender=sender))
    signature = dkim.sign(message, b"sel", b"example.org", private, include_headers=[b"from", b"subject"])
    return signature + message


def test_a_valid_aligned_dkim_signature_passes(keypair: tuple[bytes, Callable[..., bytes]]) -> None:
    private, dns = keypair
    data = _signed(private)
    verdict = authenticate(data, parse(data).headers, "steve@example.org", None, dns)
    assert verdict.auth is Auth.PASS


def test_a_tampered_message_fails_dkim_and_is_not_accepted(
    keypair: tuple[bytes, Callable[..., bytes]],
) -> None:
    private, dns = keypair
    data = _signed(private).replace(b"log 1 cat 1", b"log 9 cat 1")
    verdict = authenticate(data, parse(data).headers, "steve@example.org", None, dns)
    assert verdict.auth is Auth.FAIL
    assert not accepts(verdict, None)


def test_a_signature_from_another_domain_does_not_vouch_for_the_from_address(
    keypair: tuple[bytes, Callable[..., bytes]],
) -> None:
    private, dns = keypair
    data = _signed(private, sender="steve@hospital.example")
    verdict = authenticate(data, parse(data).headers, "steve@hospital.example", None, dns)
    assert verdict.auth is Auth.FAIL


def test_unsigned_mail_without_a_trusted_mta_is_accepted_only_in_local_development() -> None:
    data = raw(make_mail())
    verdict = authenticate(data, parse(data).headers, "steve@example.org", None)
    assert verdict.auth is Auth.NONE
    assert accepts(verdict, None)
    assert not accepts(verdict, "mx.cme.localhost")
    assert not accepts(verdict, None, behind_mta=True)  # LMTP: relayed from anywhere


def test_authentication_results_are_read_from_our_mta_only() -> None:
    authserv, results = parse_authentication_results(
        "mx.cme.localhost 1; dkim=pass (good) header.d=example.org header.s=sel; spf=fail smtp.mailfrom=x.org"
    )
    assert authserv == "mx.cme.localhost"
    assert results[0] == ("dkim", "pass", {"header.d": "example.org", "header.s": "sel"})
    assert results[1][:2] == ("spf", "fail")
    theirs = "evil.example; dkim=pass header.d=example.org"
    ours = "mx.cme.localhost; dkim=fail header.d=example.org"
    msg = make_mail(headers={"Authentication-Results": ours})
    msg["Authentication-Results"] = theirs
    data = raw(msg)
    verdict = authenticate(data, parse(data).headers, "steve@example.org", "mx.cme.localhost")
    assert verdict.auth is Auth.FAIL


@pytest.mark.parametrize(
    ("headers", "envelope", "sender"),
    [
        ({"Auto-Submitted": "auto-generated"}, "steve@example.org", "steve@example.org"),
        ({"Precedence": "junk"}, "steve@example.org", "steve@example.org"),
        ({"List-Unsubscribe": "<mailto:leave@lists.example.org>"}, "steve@example.org", "steve@example.org"),
        ({"X-Auto-Response-Suppress": "All"}, "steve@example.org", "steve@example.org"),
        ({}, "<>", "steve@example.org"),
        ({}, "steve@example.org", "postmaster@example.org"),
        ({}, "owner-cme@lists.example.org", "steve@example.org"),
        ({"X-Loop": "cme@cme.localhost"}, "steve@example.org", "steve@example.org"),
    ],
)
def test_automated_mail_gets_no_reply(headers: dict[str, str], envelope: str, sender: str) -> None:
    data = raw(make_mail(sender=sender, headers=headers))
    parsed = parse(data)
    assert no_reply_reason(parsed.headers, envelope, parsed.from_addr, "cme.localhost")


def test_a_person_writing_gets_a_reply() -> None:
    parsed = parse(raw(make_mail(headers={"Auto-Submitted": "no"})))
    assert no_reply_reason(parsed.headers, "steve@example.org", parsed.from_addr, "cme.localhost") is None


def _through_our_mta(results: list[str], *, forged: str | None = None) -> bytes:
    """A message as Postfix hands it over: the milters' headers, then Postfix's Received line."""
    msg = make_mail()
    if forged:
        msg["Authentication-Results"] = forged
    head = "".join(f"Authentication-Results: {r}\r\n" for r in results)
    head += "Received: from vm (unknown [192.0.2.7])\r\n\tby mx.cme.localhost (Postfix) with ESMTP id 7B0\r\n"
    return head.encode() + raw(msg)


def test_each_milters_header_from_our_mta_counts_not_just_the_topmost() -> None:
    """OpenDMARC's header (dmarc=none: no DMARC record) sits above OpenDKIM's (dkim=pass)."""
    data = _through_our_mta(
        [
            "mx.cme.localhost; dmarc=none (p=none dis=none) header.from=example.org",
            "mx.cme.localhost; spf=none smtp.mailfrom=example.org",
            "mx.cme.localhost; dkim=pass (2048-bit key) header.d=example.org header.s=sel",
        ]
    )
    verdict = authenticate(data, parse(data).headers, "steve@example.org", "mx.cme.localhost")
    assert verdict.auth is Auth.PASS


def test_a_header_claiming_our_authserv_id_below_our_mtas_received_line_is_ignored() -> None:
    """It came with the message from outside: our MTA's own headers are above its Received line."""
    forged = "mx.cme.localhost; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"
    data = _through_our_mta(["mx.cme.localhost; dkim=none"], forged=forged)
    verdict = authenticate(data, parse(data).headers, "steve@example.org", "mx.cme.localhost")
    assert verdict.auth is Auth.NONE
    data = _through_our_mta([], forged=forged)  # the milters wrote nothing (down, say)
    verdict = authenticate(data, parse(data).headers, "steve@example.org", "mx.cme.localhost")
    assert verdict.auth is Auth.NONE
