"""The e-mail door: SMTP/LMTP in, the conversation core, replies out through an outbox."""
