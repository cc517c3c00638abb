"""Make extracted text tidy: NFC per line (portal.text.normalize), no control characters, few blank lines."""

import re

from portal.text import normalize

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """NFC-normalise each line, drop control characters, keep at most one blank line in a row."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [normalize(line).rstrip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def letter_count(text: str) -> int:
    """Number of letters (any script) in the text."""
    return sum(1 for ch in text if ch.isalpha())
