"""The Slack door: slash command, DMs, mentions, buttons, the submission modal, App Home, files.

Every Slack request is translated into an `Inbound` for the conversation core
and its `Reply` is rendered as Block Kit; nothing in `bot/` knows about Slack.
`door.start(app)` is what `cmebot serve` calls.
"""
