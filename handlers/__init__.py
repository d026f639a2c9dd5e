"""Doors: the console, Slack and e-mail adapters, and the command line."""
