"""Who really sent this, and may we answer it at all.

Authentication: an `Authentication-Results` header (RFC 8601) added by the
MTA named in `CMEBOT_TRUSTED_AUTHSERV_ID` is believed; without one, a
DKIM-signed message is verified here with dkimpy (RFC 6376). A pass counts only
when its domain aligns with the From domain (DMARC's idea, RFC 7489 §3.1);
a fail makes a member's address worth nothing for this message.

Loops: RFC 3834 §2 — never auto-reply to auto-submitted mail, to mail with an
empty return path (bounces, RFC 5321 §4.5.5), to bulk or list mail, or to
automated senders (MAILER-DAEMON, postmaster, list software); and never to
ourselves.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any

DnsFunc = Callable[..., Any]


class Auth(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Verdict:
    auth: Auth
    how: str  # for logs and the inbox note


FAILING = frozenset({"fail", "softfail", "permerror"})


def _domain(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].strip().strip(">").lower() if "@" in addr else addr.strip().lower()


def aligned(signing_domain: str, from_domain: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1.1): the same organisational domain, approximated by suffix."""
    d, f = signing_domain.lower().strip("."), from_domain.lower().strip(".")
    return bool(d) and (f == d or f.endswith("." + d) or d.endswith("." + f))


def _strip_comments(value: str) -> str:
    previous = None
    while previous != value:
        previous, value = value, re.sub(r"\([^()]*\)", " ", value)
    return value


def parse_authentication_results(value: str) -> tuple[str, list[tuple[str, str, dict[str, str]]]]:
    """(authserv-id, [(method, result, {property: value})]) of one header (RFC 8601 §2.2)."""
    segments = [s.strip() for s in _strip_comments(value).split(";")]
    authserv = segments[0].split()[0].lower() if segments and segments[0].split() else ""
    results: list[tuple[str, str, dict[str, str]]] = []
    for seg in segments[1:]:
        m = re.match(r"([\w.-]+)\s*=\s*([\w-]+)(.*)", seg, re.DOTALL)
        if not m:
            continue
        props = {
            k.lower(): v.strip('"').lower()
            for k, v in re.findall(r"([\w-]+\.[\w.-]+)\s*=\s*(\S+)", m.group(3))
        }
        results.append((m.group(1).lower(), m.group(2).lower(), props))
    return authserv, results


def trusted_results(msg: Message, trusted_id: str) -> list[tuple[str, str, dict[str, str]]] | None:
    """Every result our MTA wrote, or None when it wrote none.

    Only the headers above the first `Received:` count: our MTA prepends its
    Received line as the message comes in and its milters add their headers
    above it (one each: OpenDKIM's dkim=, OpenDMARC's spf= and dmarc=), so
    anything below came with the message from outside, whatever authserv-id it
    claims (RFC 8601 §5; the MTA should drop those too: deploy/postfix/).
    """
    found = False
    results: list[tuple[str, str, dict[str, str]]] = []
    for name, value in msg.items():
        lowered = name.lower()
        if lowered == "received":
            break
        if lowered != "authentication-results":
            continue
        authserv, parsed = parse_authentication_results(str(value))
        if authserv == trusted_id.lower():
            found = True
            results.extend(parsed)
    return results if found else None


def from_authentication_results(msg: Message, trusted_id: str, from_addr: str) -> Verdict | None:
    """Our MTA's verdict on the From address, or None when it wrote no header."""
    results = trusted_results(msg, trusted_id)
    if results is None:
        return None
    from_domain = _domain(from_addr)
    dmarc = [result for method, result, _ in results if method == "dmarc"]
    if "pass" in dmarc:
        return Verdict(Auth.PASS, "dmarc=pass")
    if any(result in FAILING for result in dmarc):
        return Verdict(Auth.FAIL, "dmarc=fail")
    for method, result, props in results:
        if method == "dkim" and result == "pass":
            d = props.get("header.d") or _domain(props.get("header.i", ""))
            if aligned(d, from_domain):
                return Verdict(Auth.PASS, f"dkim=pass d={d}")
        if method == "spf" and result == "pass":
            d = _domain(props.get("smtp.mailfrom", "")) or props.get("smtp.helo", "")
            if aligned(d, from_domain):
                return Verdict(Auth.PASS, f"spf=pass {d}")
    failed = [f"{m}={r}" for m, r, _ in results if m in ("dkim", "spf", "dmarc") and r in FAILING]
    if failed:
        return Verdict(Auth.FAIL, ", ".join(failed))
    return Verdict(Auth.NONE, f"{trusted_id}: no aligned pass")


def check_dkim(raw: bytes, from_addr: str, dnsfunc: DnsFunc | None = None) -> Verdict | None:
    """Verify DKIM signatures ourselves (blocking: DNS); None when the message is unsigned."""
    import dkim

    end = min(i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n"), len(raw)) if i >= 0)
    count = len(re.findall(rb"(?im)^DKIM-Signature\s*:", raw[:end]))
    if not count:
        return None
    from_domain = _domain(from_addr)
    seen: list[str] = []
    for idx in range(count):
        checker = dkim.DKIM(raw)
        try:
            ok = checker.verify(idx=idx, dnsfunc=dnsfunc) if dnsfunc else checker.verify(idx=idx)
        except Exception as exc:  # dkimpy raises on malformed signatures and DNS trouble
            seen.append(f"dkim error: {exc.__class__.__name__}")
            continue
        domain = (checker.domain or b"").decode("ascii", "replace") if checker.domain else ""
        if ok and aligned(domain, from_domain):
            return Verdict(Auth.PASS, f"dkim=pass d={domain}")
        seen.append(f"dkim={'pass' if ok else 'fail'} d={domain}")
    return Verdict(Auth.FAIL, "; ".join(seen))


def authenticate(
    raw: bytes, msg: Message | None, from_addr: str, trusted_id: str | None, dnsfunc: DnsFunc | None = None
) -> Verdict:
    """Trusted header first; else our own DKIM check; else NONE (policy decides, see `accepts`)."""
    if msg is not None and trusted_id:
        verdict = from_authentication_results(msg, trusted_id, from_addr)
        if verdict is not None:
            return verdict
    dkim_verdict = check_dkim(raw, from_addr, dnsfunc)
    if dkim_verdict is not None:
        return dkim_verdict
    return Verdict(Auth.NONE, "no trusted Authentication-Results, not DKIM-signed")


def accepts(verdict: Verdict, trusted_id: str | None, *, behind_mta: bool = False) -> bool:
    """May a verified address write with this verdict?

    PASS yes, FAIL no. NONE (no trusted header and no DKIM signature): when a
    trusted authserv id is configured, the message did not come through our
    MTA's checks, so no. Behind an MTA (LMTP) it came from anywhere on the
    Internet through that MTA, so no either. Only a plain SMTP door on loopback
    with no MTA configured (local development: swaks and mail clients on this
    machine don't sign) takes it — docs/email.md says so.
    """
    if verdict.auth is Auth.PASS:
        return True
    if verdict.auth is Auth.FAIL:
        return False
    return not trusted_id and not behind_mta


# ---- RFC 3834 ------------------------------------------------------------------------------

_AUTOMATED_LOCAL = re.compile(
    r"^(mailer-daemon|postmaster|noreply|no-reply|no_reply|do-not-reply|donotreply|bounces?(\+.*|-.*)?"
    r"|owner-.*|.*-owner|.*-request|.*-bounces(\+.*)?|listserv|majordomo|mailman|auto-?reply|daemon)$",
    re.IGNORECASE,
)


def is_automated_address(addr: str) -> bool:
    local = addr.rsplit("@", 1)[0].strip("<> ").lower()
    return bool(_AUTOMATED_LOCAL.match(local))


def no_reply_reason(msg: Message | None, mail_from: str, from_addr: str, own_domain: str) -> str | None:
    """Why this message must get no automatic answer (and is not acted on), or None."""
    envelope = mail_from.strip().strip("<>")
    if not envelope:
        return "empty return path (RFC 3834 §2, RFC 5321 §4.5.5)"
    if msg is None:
        return None
    auto = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto and not auto.startswith("no"):
        return f"Auto-Submitted: {auto} (RFC 3834 §2)"
    if str(msg.get("Precedence", "")).strip().lower() in ("bulk", "junk", "list"):
        return "Precedence: bulk/list (RFC 3834 §2)"
    for header in ("List-Id", "List-Unsubscribe", "List-Post"):
        if msg.get(header) is not None:
            return f"{header}: mailing-list mail (RFC 3834 §2)"
    suppress = str(msg.get("X-Auto-Response-Suppress", "")).lower()
    if any(word in suppress for word in ("all", "autoreply", "oof")):
        return "X-Auto-Response-Suppress"
    if msg.get_content_type() == "multipart/report":
        return "delivery or read report (RFC 3464, RFC 8098)"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if msg.get(header) is not None:
            return f"{header}: an auto-responder"
    if not from_addr:
        return "no From address"
    for addr in (envelope, from_addr):
        if is_automated_address(addr):
            return f"automated sender {addr}"
        if _domain(addr) == own_domain.lower():
            return f"our own domain ({addr}): a loop"
    loops = " ".join(str(v).lower() for v in msg.get_all("X-Loop", []))
    if own_domain.lower() in loops:
        return "X-Loop names us"
    return None
