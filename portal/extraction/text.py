"""Plain text and Markdown sources: decode (UTF-8/UTF-16/cp1258), convert TCVN3/VNI, NFC."""

from portal.text.legacy import decode_bytes, detect_and_convert

from .clean import clean_text
from .messages import fail
from .result import MIME, ExtractionResult, Page

MAX_TEXT_BYTES = 20 * 1024 * 1024
LEGACY = ("TCVN3", "VNI")


def read_text(path: str) -> tuple[str, str | None, str | None]:
    """Decoded, legacy-converted, normalised text with its encoding and legacy encoding."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise fail("too_large")
    text, encoding = decode_bytes(data)
    if encoding in LEGACY:  # decode_bytes already converted 8-bit TCVN3/VNI bytes
        return clean_text(text), encoding, encoding
    text, legacy = detect_and_convert(text)  # legacy text saved again as UTF-8
    return clean_text(text), encoding, legacy


def extract_text(path: str, kind: str = "text") -> ExtractionResult:
    """One page of text; for Markdown the page holds the source until the parent renders it."""
    text, encoding, legacy = read_text(path)
    if not text.strip():
        raise fail("empty")
    return ExtractionResult(
        kind=kind, mime=MIME[kind], pages=[Page(1, text)], page_count=1, encoding=encoding, legacy_encoding=legacy
    )
