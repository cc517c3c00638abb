"""Legacy Vietnamese encodings: TCVN3 (ABC, .VnTime) and VNI mojibake to Unicode, and decoding of text-file bytes."""

from __future__ import annotations

import string
import unicodedata

from portal.text.normalize import nfc, normalize, split_tone
from portal.text.phonology import is_vietnamese_syllable

# TCVN3 (TCVN 5712:1993 VN3) byte -> Unicode letter. Toned capitals have no code of their own: .VnTimeH fonts draw
# the lowercase codes as capitals, so those bytes decode to lowercase (see _restore_caps).
_TCVN3_BYTES = {
    0xB5: "à",
    0xB6: "ả",
    0xB7: "ã",
    0xB8: "á",
    0xB9: "ạ",
    0xA8: "ă",
    0xBB: "ằ",
    0xBC: "ẳ",
    0xBD: "ẵ",
    0xBE: "ắ",
    0xC6: "ặ",
    0xA9: "â",
    0xC7: "ầ",
    0xC8: "ẩ",
    0xC9: "ẫ",
    0xCA: "ấ",
    0xCB: "ậ",
    0xAE: "đ",
    0xCC: "è",
    0xCE: "ẻ",
    0xCF: "ẽ",
    0xD0: "é",
    0xD1: "ẹ",
    0xAA: "ê",
    0xD2: "ề",
    0xD3: "ể",
    0xD4: "ễ",
    0xD5: "ế",
    0xD6: "ệ",
    0xD7: "ì",
    0xD8: "ỉ",
    0xDC: "ĩ",
    0xDD: "í",
    0xDE: "ị",
    0xDF: "ò",
    0xE1: "ỏ",
    0xE2: "õ",
    0xE3: "ó",
    0xE4: "ọ",
    0xAB: "ô",
    0xE5: "ồ",
    0xE6: "ổ",
    0xE7: "ỗ",
    0xE8: "ố",
    0xE9: "ộ",
    0xAC: "ơ",
    0xEA: "ờ",
    0xEB: "ở",
    0xEC: "ỡ",
    0xED: "ớ",
    0xEE: "ợ",
    0xEF: "ù",
    0xF1: "ủ",
    0xF2: "ũ",
    0xF3: "ú",
    0xF4: "ụ",
    0xAD: "ư",
    0xF5: "ừ",
    0xF6: "ử",
    0xF7: "ữ",
    0xF8: "ứ",
    0xF9: "ự",
    0xFA: "ỳ",
    0xFB: "ỷ",
    0xFC: "ỹ",
    0xFD: "ý",
    0xFE: "ỵ",
    0xA1: "Ă",
    0xA2: "Â",
    0xA7: "Đ",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
}
TCVN3_TO_UNICODE = {chr(b): u for b, u in _TCVN3_BYTES.items()}
UNICODE_TO_TCVN3 = {u: c for c, u in TCVN3_TO_UNICODE.items()}
UNICODE_TO_TCVN3.update({u.upper(): c for c, u in TCVN3_TO_UNICODE.items() if u.upper() not in UNICODE_TO_TCVN3})

# VNI-Windows: a base letter followed by a modifier byte, plus a few letters of their own.
_VNI_MODIFIERS = {
    "ù": "\u0301",
    "ø": "\u0300",
    "û": "\u0309",
    "õ": "\u0303",
    "ï": "\u0323",
    "â": "\u0302",
    "ê": "\u0306",
    "á": "\u0302\u0301",
    "à": "\u0302\u0300",
    "å": "\u0302\u0309",
    "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
    "é": "\u0306\u0301",
    "è": "\u0306\u0300",
    "ú": "\u0306\u0309",
    "ü": "\u0306\u0303",
    "ë": "\u0306\u0323",
}
VNI_MODIFIERS = {**_VNI_MODIFIERS, **{k.upper(): v for k, v in _VNI_MODIFIERS.items()}}
_VNI_LETTERS = {"ö": "ư", "ô": "ơ", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
VNI_LETTERS = {**_VNI_LETTERS, **{k.upper(): v.upper() for k, v in _VNI_LETTERS.items()}}
_VNI_LETTERS_INV = {v: k for k, v in VNI_LETTERS.items()}
_VNI_MODIFIERS_INV = {(v, k.isupper()): k for k, v in VNI_MODIFIERS.items()}
_PLAIN_VOWELS = set("aeiouy")
_LEGACY_CHARS = frozenset(TCVN3_TO_UNICODE) | frozenset(VNI_MODIFIERS) | frozenset(VNI_LETTERS)


def _is_unicode_vietnamese_char(ch: str) -> bool:
    """True for letters and marks that only Unicode Vietnamese text contains (never TCVN3/VNI mojibake)."""
    o = ord(ch)
    return (
        o in (0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0)
        or 0x1EA0 <= o <= 0x1EF9
        or 0x300 <= o <= 0x323
    )


def tcvn3_to_unicode(s: str) -> str:
    """Map TCVN3 characters (read as cp1252/latin-1) to Unicode, restoring capitals (see _restore_caps)."""
    out = "".join(TCVN3_TO_UNICODE.get(c, c) for c in s)
    return "\n".join(_restore_line_caps(line) for line in out.split("\n"))


def _restore_line_caps(line: str) -> str:
    """Uppercase a line typed all in capitals, else fix word by word."""
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters):
        return line.upper()
    return " ".join(_restore_caps(w) for w in line.split(" "))


def _restore_caps(word: str) -> str:
    """Uppercase a word whose ASCII letters are capitals after its first letter (TCVN3 "CéNG", "ñY" -> "CỘNG", "ỦY")."""
    ascii_letters = [(i, c) for i, c in enumerate(word) if c.isascii() and c.isalpha()]
    if not ascii_letters or any(c.islower() for _, c in ascii_letters):
        return word
    if len(ascii_letters) >= 2 or ascii_letters[0][0] > 0:
        return word.upper()
    return word


def _vni_combine(prev: str, marks: str) -> str | None:
    """Apply VNI modifier marks to the previous letter, or None if they do not fit it."""
    base, tone = split_tone(prev)
    d = unicodedata.normalize("NFD", base.lower())
    shape_marks = d[1:]
    if tone or d[0] not in _PLAIN_VOWELS and base.lower() not in ("ư", "ơ"):
        return None
    if ("\u0302" in marks or "\u0306" in marks) and shape_marks:
        return None
    if "\u0302" in marks and d[0] not in "aeo" or "\u0306" in marks and d[0] != "a":
        return None
    return nfc(prev + marks)


def vni_to_unicode(s: str) -> str:
    """Map VNI-Windows text (read as cp1252/latin-1) to Unicode."""
    out: list[str] = []
    for c in s:
        combined = _vni_combine(out[-1], VNI_MODIFIERS[c]) if c in VNI_MODIFIERS and out else None
        if combined is not None:
            out[-1] = combined
        else:
            out.append(VNI_LETTERS.get(c, c))
    return "".join(out)


def encode_tcvn3(s: str) -> str:
    """Unicode Vietnamese -> TCVN3 characters as they look when read as cp1252 (for tests and fixtures)."""
    return "".join(UNICODE_TO_TCVN3.get(c, c) for c in nfc(s))


def _encode_vni_char(c: str) -> str:
    """Encode one Unicode letter as VNI-Windows characters."""
    if c in _VNI_LETTERS_INV:
        return _VNI_LETTERS_INV[c]
    base, tone = split_tone(c)
    head = _VNI_LETTERS_INV.get(base)
    if head is not None:
        return head + (_VNI_MODIFIERS_INV[(tone, base.isupper())] if tone else "")
    d = unicodedata.normalize("NFD", base)
    marks = d[1:] + tone
    if not marks or (marks, d[0].isupper()) not in _VNI_MODIFIERS_INV:
        return c
    return d[0] + _VNI_MODIFIERS_INV[(marks, d[0].isupper())]


def encode_vni(s: str) -> str:
    """Unicode Vietnamese -> VNI-Windows characters as they look when read as cp1252 (for tests and fixtures)."""
    return "".join(_encode_vni_char(c) for c in nfc(s))


def syllable_score(s: str) -> float:
    """Share of whitespace-separated words that are valid Vietnamese syllables."""
    words = [w.strip(string.punctuation) for w in s.split()]
    words = [w for w in words if w and not w.isdigit()]
    if not words:
        return 0.0
    return sum(1 for w in words if is_vietnamese_syllable(w)) / len(words)


def detect_and_convert(s: str) -> tuple[str, str | None]:
    """Convert TCVN3 or VNI mojibake to normalized Unicode; anything else comes back unchanged with None."""
    if not any(c in _LEGACY_CHARS for c in s) or any(_is_unicode_vietnamese_char(c) for c in s):
        return s, None
    before = syllable_score(s)
    best_text, best_name, best_score = s, None, before
    for name, convert in (("TCVN3", tcvn3_to_unicode), ("VNI", vni_to_unicode)):
        text = convert(s)
        score = syllable_score(text)
        if score > best_score:
            best_text, best_name, best_score = text, name, score
    if best_name is None or best_score < 0.6 or best_score - before < 0.15:
        return s, None
    return normalize(best_text), best_name


def _looks_utf16(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" if NUL bytes sit mostly at odd/even positions, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.25 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.25 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _decode_bom(data: bytes) -> tuple[str, str] | None:
    """Decode by byte-order mark, or None if there is none (or it lies)."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                return None
    return None


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Decode 8-bit text: TCVN3/VNI if it reads as Vietnamese that way, else Windows-1258 (NFC)."""
    try:
        as_latin = data.decode("cp1252")
    except UnicodeDecodeError:
        as_latin = data.decode("latin-1")
    converted, legacy = detect_and_convert(as_latin)
    if legacy:
        return converted, legacy
    return nfc(data.decode("cp1258", errors="replace")), "cp1258"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode plain-text file bytes to (text, encoding name); never raises."""
    found = _decode_bom(data)
    if found:
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    codec = _looks_utf16(data)
    if codec:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return _decode_single_byte(data)
