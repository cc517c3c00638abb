"""Vietnamese syllable structure: is a token a plausible Vietnamese syllable (with or without tones)?"""

from __future__ import annotations

import re
from functools import lru_cache

from portal.text.normalize import nfc, split_tone

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = (
    "iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ôô ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_CODAS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?P<nucleus>{'|'.join(_NUCLEI)})(?P<coda>{_CODAS})?")
_STOP_CODAS = {"c", "ch", "p", "t"}
_STOP_TONES = {"", "\u0301", "\u0323"}  # only sắc and nặng (or none, in text typed without accents)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(token: str) -> bool:
    """True if token (any case, NFC or not) has the shape of one Vietnamese syllable."""
    parts = [split_tone(c) for c in nfc(token).lower()]
    tones = [t for _, t in parts if t]
    if len(tones) > 1 or any(len(t) > 1 for t in tones):
        return False
    m = _SYLLABLE.fullmatch("".join(b for b, _ in parts))
    if not m:
        return False
    return m.group("coda") not in _STOP_CODAS or (tones[0] if tones else "") in _STOP_TONES


def valid_syllable_share(text: str) -> tuple[int, float]:
    """(letter words, share of them that are valid Vietnamese syllables); words with digits are not counted.

    Real Vietnamese prose scores about 0.9 (abbreviations and foreign names make the rest); OCR garbage and text in
    an unconverted legacy font (TCVN3/VNI) score far lower.
    """
    from portal.text.normalize import syllables

    words = [w for w in syllables(text) if not any(c.isdigit() for c in w)]
    if not words:
        return 0, 0.0
    return len(words), sum(1 for w in words if is_vietnamese_syllable(w)) / len(words)
