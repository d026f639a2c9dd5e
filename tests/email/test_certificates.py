"""Certificates by e-mail: each file kept with its own entry, read as what its bytes are."""

from __future__ import annotations

from storage.store import SqlStore
from tests.conftest import add_member
from tests.email.conftest import Sink, body_of, make_mail, send
from tests.email.files import CERTIFICATE_TEXT, certificate_pdf


def _certificate(title: str, day: str) -> bytes:
    lines = list(CERTIFICATE_TEXT)
    lines[2], lines[3] = f'participated in the live activity "{title}"', f"held on {day} in Chicago, IL"
    return certificate_pdf(lines)


async def test_several_certificates_in_one_mail_are_each_kept_with_their_own_entry(
    store: SqlStore,
    door,
    sink: Sink,  # type: ignore[no-untyped-def]
) -> None:
    """GIVEN a member who forwards two certificates in one mail
    WHEN both are recorded
    THEN entry #1 keeps the first file and entry #2 the second, not #1 both."""
    member = await add_member(store)
    first = _certificate("Flap Salvage", "March 17, 2021")
    second = _certificate("Breast Reconstruction", "March 3, 2021")
    attachments = [(first, "application/pdf", "flap.pdf"), (second, "application/pdf", "breast.pdf")]
    await send(door.port, make_mail("", subject="Fwd: certificates", attachments=attachments))
    [reply] = await sink.wait(1)
    assert "Recorded" in body_of(reply.message), body_of(reply.message)
    entries = {e.activity.title: e for e in await store.entries(member.id)}
    assert set(entries) == {"Flap Salvage", "Breast Reconstruction"}
    kept = {d.id: d for d in await store.documents(member.id)}
    flap = [kept[i].filename for i in entries["Flap Salvage"].document_ids]
    breast = [kept[i].filename for i in entries["Breast Reconstruction"].document_ids]
    assert (flap, breast) == (["flap.pdf"], ["breast.pdf"])
