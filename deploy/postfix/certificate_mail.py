"""A certificate mail for try-on-loopback.sh: DKIM-signed by the member's domain, or forged.

`--sign KEY` signs it as `sel._domainkey.<domain>` (the script publishes the key to
OpenDKIM); `--forge` leaves it unsigned and adds an Authentication-Results header that
claims our MTA passed it, which Postfix must drop and cmebot must not believe.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid

# A few days ago: recent enough to count toward the current cycle, so it is recorded at once.
HELD = date.today() - timedelta(days=3)
LINES = [
    "Lakeshore University Hospital",
    "This certifies that Steve Sample, MD",
    'participated in the live activity "Flap Salvage"',
    f"held on {HELD:%B} {HELD.day}, {HELD.year} in Chicago, IL",
    "and is awarded 1.5 AMA PRA Category 1 Credits.",
    "Lakeshore University Hospital is accredited by the ACCME to provide continuing medical education.",
]


def certificate_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for i, line in enumerate(LINES):
        c.drawString(72, 700 - 24 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sender", required=True)
    parser.add_argument("--to", required=True)
    parser.add_argument("--authserv-id", required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--sign", metavar="KEY")
    group.add_argument("--forge", action="store_true")
    args = parser.parse_args()
    domain = args.sender.rsplit("@", 1)[1]
    msg = EmailMessage()
    if args.forge:
        msg["Authentication-Results"] = (
            f"{args.authserv_id}; dkim=pass header.d={domain}; spf=pass smtp.mailfrom={domain}; "
            f"dmarc=pass header.from={domain}"
        )
    msg["From"] = f"Steve Sample <{args.sender}>"
    msg["To"] = args.to
    msg["Subject"] = "Fwd: your certificate" + (" (forged)" if args.forge else "")
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content("My certificate is attached.")
    msg.add_attachment(certificate_pdf(), maintype="application", subtype="pdf", filename="certificate.pdf")
    raw = msg.as_bytes(policy=SMTP)
    if args.sign:
        import dkim

        with open(args.sign, "rb") as key:
            signature = dkim.sign(
                raw, b"sel", domain.encode(), key.read(), include_headers=[b"from", b"to", b"subject"]
            )
        raw = signature + raw
    sys.stdout.buffer.write(raw)
    return 0


if __name__ == "__main__":
    sys.exit(main())
