"""Control characters out of stored text: one function for every text field, and the cell rule for exports.

Text typed into a form, sent to the API or read by the CLI may carry control characters (a pasted vertical tab, a NUL,
an ESC sequence). They break XML-based files (XLSX, DOCX refuse them) and terminals, and mean nothing to a reader.
"""

import re

# C0 and C1 controls except TAB and LF, DEL, the non-characters U+FFFE/U+FFFF, and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?")


def clean_text(value):
    """``value`` without control characters: CR LF and lone CR become LF, TAB and LF stay, the rest go.

    Anything that is not a string is returned unchanged, so it can be applied to any column value.
    """
    if not isinstance(value, str):
        return value
    if not _CONTROL.search(value) and "\r" not in value:
        return value
    return _CONTROL.sub("", _NEWLINES.sub("\n", value))


def clean_line(value):
    """A one-line field: clean_text, then TAB and LF become spaces."""
    value = clean_text(value)
    return value.replace("\n", " ").replace("\t", " ") if isinstance(value, str) else value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def looks_numeric(text):
    """True for a plain number typed as text ("-5", "65,5", "12.5"): no formula can hide in it."""
    return bool(_NUMBER.fullmatch(text))


def spreadsheet_text(value):
    """A text cell that no spreadsheet will run: cleaned, and prefixed with ' when it starts like a formula (OWASP CSV
    injection: = + - @ TAB CR). Plain numbers typed as text are left alone."""
    text = clean_text(str(value))
    if text.startswith(FORMULA_START + ("\n",)) and not looks_numeric(text):
        text = "'" + text
    return text
