"""Vietnamese Unicode normalization: NFC, Đ look-alikes, old-style tone placement, spaces, folding, syllables."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_OLD_STYLE_NUCLEI = ("oa", "oe", "uy")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_TABLE = {ord(c): None for c in _INVISIBLE}
_TABLE.update({ord(c): " " for c in _SPACES})
_TABLE.update({0x2028: "\n", 0x2029: "\n", 0x00D0: "\u0110", 0x00F0: "\u0111", 0x0189: "\u0110", 0x0256: "\u0111"})
_SPACE_RUN = re.compile(r" {2,}")
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W_]+")
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_D_TO_ASCII = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(s: str) -> str:
    """Return the NFC (composed) form of s."""
    return unicodedata.normalize("NFC", s)


@lru_cache(maxsize=4096)
def split_tone(ch: str) -> tuple[str, str]:
    """Split one letter into (letter without tone, tone mark or "")."""
    d = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in d if c in TONE_MARKS)
    return nfc("".join(c for c in d if c not in TONE_MARKS)), tone


def _nucleus(bases: str) -> tuple[int, int]:
    """Return the [start, end) of the vowel nucleus, treating the u of "qu" as a consonant."""
    i = 2 if bases.startswith("qu") else 0
    while i < len(bases) and bases[i] not in _VOWELS:
        i += 1
    j = i
    while j < len(bases) and bases[j] in _VOWELS:
        j += 1
    return i, j


@lru_cache(maxsize=65536)
def place_tone(word: str) -> str:
    """Move the tone of one word to the old-style position (hòa, khỏe, ủy; hoàn, quý)."""
    parts = [split_tone(c) for c in word]
    toned = [i for i, (_, tone) in enumerate(parts) if tone]
    if len(toned) != 1 or len(parts[toned[0]][1]) != 1:
        return word
    bases = "".join(b for b, _ in parts).lower()
    if len(bases) != len(word):
        return word
    i, j = _nucleus(bases)
    if bases[i:j] not in _OLD_STYLE_NUCLEI:
        return word
    target = i if j == len(bases) else i + 1
    if target == toned[0]:
        return word
    chars = [b for b, _ in parts]
    chars[target] = nfc(chars[target] + parts[toned[0]][1])
    return "".join(chars)


def _retone(m: re.Match) -> str:
    """Apply place_tone to a regex match of a word with non-ASCII letters."""
    w = m.group()
    return w if w.isascii() else place_tone(w)


def normalize(s: str) -> str:
    """NFC, Ð->Đ, old-style tones, no invisible characters, single spaces; keeps case and newlines."""
    s = nfc(s.translate(_TABLE))
    s = _SPACE_RUN.sub(" ", s)
    return s if s.isascii() else _WORD.sub(_retone, s)


def _strip_marks(s: str) -> str:
    """Drop all combining marks and map đ->d in an already normalized string."""
    if s.isascii():
        return s
    return nfc(_MARKS.sub("", unicodedata.normalize("NFD", s.translate(_D_TO_ASCII))))


def strip_diacritics(s: str) -> str:
    """Normalize and remove every diacritic (đ->d), keeping case."""
    return _strip_marks(normalize(s))


def fold(s: str) -> str:
    """Normalize, lowercase and remove every diacritic (đ->d)."""
    return strip_diacritics(s).lower()


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """Fold one character, keeping it one character long."""
    r = _strip_marks(c).lower()
    if len(r) == 1:
        return r
    low = c.lower()
    return low if len(low) == 1 else c


def fold_aligned(s: str) -> str:
    """Fold an already normalized string character by character, so offsets stay valid."""
    return "".join(_fold_char(c) for c in s)


def syllables(s: str) -> list[str]:
    """Normalized lowercase syllables: maximal runs of letters and digits, one-letter ones included."""
    return _TOKEN.findall(normalize(s).lower())


def diacritic_ratio(s: str) -> float:
    """Share of letter syllables that carry a diacritic (0.7-0.85 for real Vietnamese, near 0 for garbage)."""
    words = [t for t in syllables(s) if not t.isdigit()]
    if not words:
        return 0.0
    return sum(1 for t in words if _strip_marks(t) != t) / len(words)
