"""The local chat console: a real door over the same conversation core.

Reads a line, sends it through `Conversation.respond` as the member's verified
e-mail identity, prints the reply. Report files are written to the current
folder and named in the reply, as Slack or e-mail would attach them.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.envelope import Inbound, Reply
from bot.ports import Identity
from handlers.app import App

PROMPT = "you> "


def render(reply: Reply, out_dir: Path) -> str:
    lines = [reply.text] if reply.text else []
    for file in reply.files:
        path = out_dir / file.filename
        path.write_bytes(file.data)
        lines.append(f"[saved {file.content_type} to {path}]")
    return "\n".join(lines)


async def chat(app: App, email: str, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    found = await app.store.member_by_identity("email", email)
    if found is None:
        stdout.write(
            f"No member with the address {email}. Add one first:\n"
            f"  cmebot member add --email {email} --name 'Your Name'\n"
        )
        return 1
    member = found[0]
    stdout.write(f"cmebot — chatting as {member.name} <{email}>. Type 'help', or Ctrl-D to leave.\n")
    sender = Identity("email", email, verified=True)
    interactive = stdin.isatty()
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            return 0
        if not line.strip():
            continue
        reply = await app.conversation.respond(Inbound(source="chat", sender=sender, text=line.rstrip("\n")))
        stdout.write(render(reply, Path.cwd()) + "\n\n")
        stdout.flush()
