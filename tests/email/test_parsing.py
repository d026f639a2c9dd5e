"""MIME in, words and vetted files out (no database)."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

from bot.filetypes import safe_filename, sniff
from handlers.email.parsing import parse, strip_quotes
from tests.email.conftest import make_mail, raw
from tests.email.files import certificate_pdf, png


def test_a_reply_keeps_the_members_words_and_drops_the_quote_and_signature() -> None:
    body = (
        "make it 4 not 3.5\n\n-- \nDr Steve Sample\nDallas\n\n"
        "On Wed, Apr 7, 2021 at 11:00 AM CME bot <cme@cme.localhost> wrote:\n> Recorded #3: …\n"
    )
    assert strip_quotes(body, is_reply=True) == "make it 4 not 3.5"
    outlook = (
        "yes\r\n\r\nSent from my iPhone\r\n-----Original Message-----\r\nFrom: CME bot\r\nSent: today\r\n"
    )
    assert strip_quotes(outlook, is_reply=True) == "yes"


def test_a_forward_keeps_the_forwarded_certificate_text() -> None:
    body = (
        "FYI\n\n---------- Forwarded message ---------\n"
        "From: CME Office <office@hospital.example>\n> not a quote\n1.5 AMA PRA Category 1 Credits"
    )
    text = strip_quotes(body, is_reply=False)
    assert "1.5 AMA PRA Category 1 Credits" in text
    assert "From: CME Office" in text


def test_attachment_types_are_sniffed_and_names_sanitised() -> None:
    assert sniff(certificate_pdf()) == "application/pdf"
    assert sniff(png()) == "image/png"
    assert sniff(b"MZ\x90\x00 an exe") is None
    assert safe_filename("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_filename("Zertifikat für Dr. Müller.jpg", "image/png") == "Zertifikat fur Dr. Muller.png"
    assert safe_filename("\x00\x01", "image/jpeg", 2) == "attachment-2.jpg"
    assert safe_filename("a" * 300 + ".pdf", "application/pdf").endswith("a.pdf")


def test_an_image_declared_as_pdf_is_kept_as_what_it_is() -> None:
    msg = make_mail("see attached", attachments=[(png(), "application/pdf", "scan.pdf")])
    parsed = parse(raw(msg))
    [attachment] = parsed.attachments
    assert (attachment.content_type, attachment.filename) == ("image/png", "scan.png")


def test_a_forwarded_message_attachment_is_read_like_the_message_itself() -> None:
    inner = make_mail("1.5 AMA PRA Category 1 Credits™ for Flap Salvage", subject="Your certificate",
                      sender="office@hospital.example",
                      attachments=[(certificate_pdf(), "application/pdf", "certificate.pdf")])  # fmt: skip
    outer = make_mail("Forwarding my certificate", subject="Fwd: Your certificate")
    outer.add_attachment(inner)
    parsed = parse(raw(outer))
    assert "Forwarding my certificate" in parsed.text
    assert "Flap Salvage" in parsed.text
    assert [a.filename for a in parsed.attachments] == ["certificate.pdf"]
    assert parsed.from_addr == "steve@example.org"


def test_an_html_only_body_is_read_without_its_quoted_block() -> None:
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = "steve@example.org"
    msg["Subject"] = "Re: CME"
    msg.set_content(
        "<div>yes<br></div><div class='gmail_quote'>On Wed … wrote:<blockquote>Recorded</blockquote></div>",
        subtype="html",
    )
    assert parse(msg.as_bytes()).text == "yes"


def test_malformed_mime_never_raises() -> None:
    for data in (
        b"",
        b"\xff\xfe garbage",
        b'Content-Type: multipart/mixed; boundary="x\r\n\r\n--x\r\nno end',
        b"From: a@b\r\nContent-Type: message/rfc822\r\n\r\nnot a message",
        b"From: a@b\r\nContent-Transfer-Encoding: base64\r\nContent-Type: application/pdf\r\n\r\n!!!!",
    ):
        parse(data)


def test_an_empty_body_falls_back_to_the_subject() -> None:
    assert parse(raw(make_mail("", subject="Re: summary"))).text == "summary"


def _part(headers: str, body: bytes) -> bytes:
    return headers.encode() + b"\r\n" + body + b"\r\n"


def test_a_pdf_labelled_text_plain_or_unlabelled_is_read_as_a_pdf_not_as_text() -> None:
    """GIVEN a certificate PDF sent as text/plain, and one with no Content-Type at all
    WHEN the message is read
    THEN both are PDF attachments (sniffed), and none of their bytes reach the text the core reads."""
    pdf = certificate_pdf()
    message = b"\r\n".join(
        [
            b"From: Steve Sample <steve@example.org>",
            b"To: cme@cme.localhost",
            b"Subject: certificates",
            b"MIME-Version: 1.0",
            b'Content-Type: multipart/mixed; boundary="b"',
            b"",
            b"--b",
            b"Content-Type: text/plain",
            b"",
            b"Two certificates attached",
            b"--b",
            _part('Content-Type: text/plain; name="one.pdf"\r\nContent-Disposition: attachment\r\n', pdf),
            b"--b",
            _part("", pdf),  # no header at all: RFC 2045 §5.2 says text/plain; us-ascii
            b"--b--",
            b"",
        ]
    )
    parsed = parse(message)
    assert [a.content_type for a in parsed.attachments] == ["application/pdf", "application/pdf"]
    assert parsed.attachments[0].filename == "one.pdf"
    assert "%PDF" not in parsed.text and "obj" not in parsed.text
    assert parsed.text == "Two certificates attached"
