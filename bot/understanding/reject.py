"""Screening for input the bot must never act on, with the reason to give.

Runs before anything else reads the text: an empty message, emoji, spam,
phishing, out-of-office replies, code, prompt injection, random characters,
keyboard mash and messages in another language are refused with a reason.
"""

from __future__ import annotations

import re

from bot.understanding import bad_input_phrases as bi
from bot.understanding import wording as say

MAX_MESSAGE_CHARS = 8000
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_VOWEL = re.compile(r"[aeiouy]", re.I)


def screen(text: str) -> str | None:
    """Why `text` must be rejected, or None when it can be read."""
    stripped = text.strip()
    if not stripped:
        return say.EMPTY if not text else say.BLANK
    if not any(c.isalnum() for c in stripped):
        return say.ONLY_SYMBOLS
    if len(stripped) > MAX_MESSAGE_CHARS and _word_ratio(stripped) < 0.5:
        return say.RANDOM_CHARACTERS
    if bi.CERTIFICATE_PHISHING.search(stripped):
        return say.CERTIFICATE_PHISHING
    certificate_like = bool(bi.CREDIT_STATEMENT.search(stripped))
    for pattern, reason in bi.REJECT_REASONS:
        if certificate_like and reason in bi.SPAM_LIKE_REASONS:
            continue
        if pattern.search(stripped):
            return reason
    words = [w.lower() for w in _WORD.findall(stripped)]
    if words and _foreign(words) and not bi.CME_WORDS.search(stripped):
        return say.NOT_ENGLISH
    if words and _mash(words) and not bi.CME_WORDS.search(stripped):
        return say.KEYBOARD_MASH
    if len(stripped) > 400 and _word_ratio(stripped) < 0.35:
        return say.RANDOM_CHARACTERS
    return None


def _word_ratio(text: str) -> float:
    """Share of characters that belong to plausible words (letters with vowels)."""
    good = sum(len(w) for w in _WORD.findall(text) if 1 < len(w) < 20 and _VOWEL.search(w))
    return good / max(len(text), 1)


def _foreign(words: list[str]) -> bool:
    foreign = sum(w in bi.FOREIGN_WORDS for w in words)
    english = sum(w in bi.ENGLISH_WORDS for w in words)
    return foreign >= 2 and foreign > english * 2


def _mash(words: list[str]) -> bool:
    """Mostly vowel-less or consonant-cluster tokens and no known English word."""
    if any(w in bi.ENGLISH_WORDS for w in words):
        return False
    odd = sum(1 for w in words if not _VOWEL.search(w) or re.search(r"[^aeiouy\W]{5,}", w))
    return odd * 2 >= len(words)


def screen_certificate(text: str) -> str | None:
    """Why a certificate's text must be refused: phishing, injected instructions or code.

    OCR of a photo can look like random typing and certificates abroad are partly in
    another language, so only the refusals that do not depend on clean English apply.
    """
    if bi.CERTIFICATE_PHISHING.search(text):
        return say.CERTIFICATE_PHISHING
    certificate_like = bool(bi.CREDIT_STATEMENT.search(text))
    for pattern, reason in bi.REJECT_REASONS:
        always = reason in (say.INJECTION, say.CODE)
        if (always or not certificate_like) and pattern.search(text):
            return reason
    return None
