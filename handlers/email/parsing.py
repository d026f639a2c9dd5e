"""MIME in, plain text and vetted attachments out.

Never trusts what the message declares: attachment types are sniffed from
their first bytes and names are sanitised (paperless-ngx `paperless_mail`);
PDFs that are encrypted or broken and images that are huge or decompression
bombs become a sentence for the reply, not an exception (the core's one check,
`bot.envelope.certificate_problem`, with its limits and words). Quoted text and
signatures are cut from the member's own words before the core reads them, so
"yes" above a quoted draft is read as "yes".
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import re
from dataclasses import dataclass, field
from email.header import Header, decode_header, make_header
from email.message import Message
from email.utils import getaddresses
from html.parser import HTMLParser

from bot.envelope import Attachment, certificate_problem, safe_filename, sniff
from handlers.email import wording

MAX_PARTS = 60  # a certificate mail has a handful; more is junk or an attack
MAX_DEPTH = 4  # forwarded-inside-forwarded
MAX_ATTACHMENTS = 10
MAX_TEXT_CHARS = 20_000


@dataclass(slots=True)
class ParsedMail:
    from_addr: str = ""
    from_name: str = ""
    subject: str = ""
    message_id: str = ""
    references: list[str] = field(default_factory=list)
    date: str = ""
    text: str = ""  # the member's words (quotes and signature cut) plus forwarded text
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one sentence each, for the reply
    headers: Message | None = None


# ---- text --------------------------------------------------------------------------------


class _HtmlText(HTMLParser):
    """Visible text of an HTML body, without quoted blocks (blockquote, gmail_quote)."""

    BREAKS = frozenset({"br", "p", "div", "tr", "li", "h1", "h2", "h3", "table"})
    VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")
        if tag in self.VOID:
            return
        classes = " ".join(v or "" for k, v in attrs if k == "class")
        skip = tag in ("blockquote", "style", "script", "head") or "gmail_quote" in classes
        self._stack.append(skip)
        if skip:
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self._stack:
            return
        if self._stack.pop():
            self._skip_depth -= 1
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:
        return re.sub(r"<[^>]+>", " ", html)
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


_ATTRIBUTION = re.compile(
    r"^\s*(On .{3,200}wrote:|Le .{3,200}a écrit :|Am .{3,200}schrieb .{1,100}:)\s*$", re.IGNORECASE
)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*Original Message\s*-{2,}\s*$", re.IGNORECASE)
_OUTLOOK_FROM = re.compile(r"^\s*From:\s.+$")
_SIG_LINES = re.compile(r"^\s*(Sent from my \w+.*|Get Outlook for \w+.*)$", re.IGNORECASE)
_FORWARD = re.compile(r"^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$|^\s*Begin forwarded message:", re.I)


def strip_quotes(text: str, *, is_reply: bool) -> str:
    """The member's own words: quoted lines, attributions and signatures removed.

    A forwarded message keeps its forwarded block (that's the certificate
    text); a reply loses everything from the attribution line ("On … wrote:")
    or Outlook's "Original Message"/"From:" header block down.
    """
    kept: list[str] = []
    lines = text.replace("\r\n", "\n").split("\n")
    forwarding = False
    for i, line in enumerate(lines):
        if _FORWARD.match(line):
            forwarding = True
        if forwarding:
            kept.append(line)
            continue
        if line.rstrip() == "--" and line.startswith("--"):  # RFC 3676 §4.3 signature separator "-- "
            break
        if line.startswith(">"):
            continue
        if _ATTRIBUTION.match(line):
            break
        if i + 1 < len(lines) and _ATTRIBUTION.match(line + " " + lines[i + 1]):
            break  # attribution wrapped over two lines
        if is_reply and (
            _ORIGINAL.match(line) or (_OUTLOOK_FROM.match(line) and _looks_like_header_block(lines, i))
        ):
            break
        if _SIG_LINES.match(line):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


def _looks_like_header_block(lines: list[str], i: int) -> bool:
    following = " ".join(lines[i + 1 : i + 4])
    return "Sent:" in following or "Date:" in following or "Subject:" in following


_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|tr)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def bare_subject(subject: str) -> str:
    return _PREFIX.sub("", subject).strip()


def is_reply_subject(subject: str) -> bool:
    return bool(re.match(r"^\s*(re|aw)\s*:", subject, re.IGNORECASE))


# ---- the message ------------------------------------------------------------------------------


def parse(raw: bytes) -> ParsedMail:
    """Read a raw message; never raises (malformed MIME gives what could be read plus a problem)."""
    out = ParsedMail()
    try:
        # compat32: several times faster than policy.default (whose header objects parse on
        # every access); headers are decoded explicitly below.
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:
        out.problems.append("I couldn't read your message (its MIME structure is broken).")
        return out
    out.headers = msg
    try:
        _headers(msg, out)
    except Exception:
        out.problems.append(wording.HEADERS_UNREADABLE)
    bodies: list[str] = []
    try:
        _walk(msg, out, bodies, depth=0, counter=[0])
    except Exception:
        out.problems.append(wording.MIME_BROKEN)
    is_reply = is_reply_subject(out.subject)
    text = "\n\n".join(
        b for b in (strip_quotes(bodies[0], is_reply=is_reply) if bodies else "", *bodies[1:]) if b
    )
    if not text.strip():
        text = bare_subject(out.subject)
    out.text = text[:MAX_TEXT_CHARS].strip()
    return out


def header_text(value: object) -> str:
    """A header value as text, raw UTF-8 included (RFC 6532: we advertise SMTPUTF8).

    The compat32 parser keeps 8-bit header bytes as surrogate escapes, wrapped
    in an "unknown-8bit" `Header`; printed as is they came back as mojibake.
    """
    if value is None:
        return ""
    if isinstance(value, Header):
        chunks = decode_header(value)
        if any(charset == "unknown-8bit" for _, charset in chunks):
            raw = b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c, _ in chunks)
            return _eight_bit(raw)
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # surrogate-escaped bytes (a filename, say)
        return _eight_bit(text.encode("ascii", "surrogateescape"))
    return text


def _eight_bit(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # 8-bit but not UTF-8: old clients sent Latin-1


def decoded(value: object) -> str:
    """A header value with RFC 2047 encoded-words decoded; never raises."""
    text = header_text(value)
    try:
        return str(make_header(decode_header(text)))
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        return text


def _headers(msg: Message, out: ParsedMail) -> None:
    pairs = getaddresses([header_text(v) for v in msg.get_all("From", [])])
    name, addr = pairs[0] if pairs else ("", "")
    out.from_addr = addr.strip().lower() if "@" in addr else ""
    out.from_name = decoded(name).strip()
    out.subject = " ".join(decoded(msg.get("Subject", "")).split())[:300]
    out.message_id = str(msg.get("Message-ID", "")).strip()[:300]
    refs = str(msg.get("References", "")).split() + str(msg.get("In-Reply-To", "")).split()
    out.references = list(dict.fromkeys(r for r in refs if r.startswith("<")))[-20:]
    out.date = str(msg.get("Date", ""))


def _walk(part: Message, out: ParsedMail, bodies: list[str], *, depth: int, counter: list[int]) -> None:
    counter[0] += 1
    if counter[0] > MAX_PARTS:
        _note_once(out, wording.TOO_MANY_PARTS)
        return
    ctype = part.get_content_type()
    if ctype == "message/rfc822":  # before is_multipart(): compat32 counts it as multipart
        inner = part.get_payload()
        inner_msg = inner[0] if isinstance(inner, list) and inner else None
        if not isinstance(inner_msg, Message):
            return
        if depth >= MAX_DEPTH:
            _note_once(out, wording.FORWARDS_TOO_DEEP.format(depth=MAX_DEPTH))
            return
        _walk(inner_msg, out, bodies, depth=depth + 1, counter=counter)
        return
    if part.is_multipart():
        if ctype == "multipart/encrypted":
            out.problems.append(wording.ENCRYPTED)
            return
        children = part.get_payload()
        if not isinstance(children, list):
            return
        if ctype == "multipart/alternative":
            plain = [c for c in children if isinstance(c, Message) and c.get_content_type() == "text/plain"]
            children = plain[:1] or children[-1:]
        for child in children:
            if isinstance(child, Message):
                _walk(child, out, bodies, depth=depth, counter=counter)
        return
    disposition = (part.get_content_disposition() or "").lower()
    raw_name = _filename(part)
    filename = decoded(raw_name) if raw_name else None
    if (
        ctype in ("text/plain", "text/html")
        and disposition != "attachment"
        and not filename
        and not _is_a_file(part)
    ):
        text = _text_of(part)
        bodies.append(html_to_text(text) if ctype == "text/html" else text)
        return
    if ctype in ("application/pkcs7-mime", "application/x-pkcs7-mime", "application/pgp-encrypted"):
        out.problems.append(wording.ENCRYPTED)
        return
    if ctype in ("application/pkcs7-signature", "application/pgp-signature"):
        return
    _attachment(part, filename, out, bodies)


def _note_once(out: ParsedMail, problem: str) -> None:
    """Some problems repeat per part (every attachment past the tenth); the reply says them once."""
    if problem not in out.problems:
        out.problems.append(problem)


def _filename(part: Message) -> str | None:
    """The part's file name; a raw UTF-8 one (RFC 6532) is read from the header's bytes."""
    name = part.get_filename()
    if name and "\ufffd" in name:
        probe = Message()
        for header in ("Content-Disposition", "Content-Type"):
            if part.get(header) is not None:
                probe[header] = header_text(part.get(header))
        name = probe.get_filename() or name
    return name


def _is_a_file(part: Message) -> bool:
    """Do the bytes show a certificate file (a PDF or a photo), whatever the part claims?

    A part with no Content-Type is text/plain by default (RFC 2045 §5.2) and some
    clients label PDFs text/plain; read as text, a PDF's bytes became the message.
    """
    payload = part.get_payload(decode=True)
    return isinstance(payload, bytes) and sniff(payload[:1024]) is not None


def _text_of(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # an unknown charset name
        return payload.decode("utf-8", "replace")


def _attachment(part: Message, filename: str | None, out: ParsedMail, bodies: list[str]) -> None:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes) or not data:
        return
    kind = sniff(data)
    if kind is None and part.get_content_type() == "text/plain":
        bodies.append(data.decode("utf-8", "replace"))  # a certificate pasted into a .txt
        return
    shown = safe_filename(filename, kind or "", len(out.attachments) + 1)
    if kind is None:
        declared = part.get_content_type()
        if declared.startswith("image/") or declared == "application/pdf" or filename:
            out.problems.append(
                f"I can't read {shown} ({declared}); please send certificates as PDF or photos."
            )
        return
    if len(out.attachments) >= MAX_ATTACHMENTS:
        _note_once(out, wording.TOO_MANY_ATTACHMENTS.format(count=MAX_ATTACHMENTS))
        return
    why = certificate_problem(data, shown)  # the core's one check, as a Slack file meets it
    if why:
        out.problems.append(why)
        return
    out.attachments.append(Attachment(filename=shown, content_type=kind, data=data))
