"""Decide what an upload is from its first bytes, never from its name alone."""

import re

SNIFF_BYTES = 64 * 1024

_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"RIFF",
    b"MZ",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"BZh",
    b"\xfd7zXZ",
    b"\xca\xfe\xba\xbe",
    b"{\\rtf",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x1aE\xdf\xa3",
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_OFFICE = (b"xl/", b"ppt/", b"mimetypeapplication/vnd.oasis", b"META-INF/manifest.xml", b"visio/")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_TEXT_SUFFIXES = (".txt", ".text")
_MD_STRONG = re.compile(r"^(#{1,6}\s+\S|```|~~~|\|.*\|\s*$|>\s+\S)|\[[^\]\n]+\]\([^)\s]+\)|^\s*[-*_]{3,}\s*$", re.M)
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff_type(head: bytes, filename: str = "") -> str:
    """Return "pdf", "docx", "markdown", "text" or "unsupported" from the content (pass >= 64 KB of head)."""
    if not head:
        return "unsupported"
    if head[:1024].lstrip(b"\x00\t\r\n \xef\xbb\xbf").startswith(b"%PDF-") or head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(head)
    if head.startswith(_BINARY_MAGIC) and not _is_bom(head):
        return "unsupported"
    text = _as_text(head)
    if text is None:
        return "unsupported"
    return "markdown" if _looks_markdown(text, filename) else "text"


def _is_bom(head: bytes) -> bool:
    """True for a UTF-8/UTF-16 byte-order mark (\"\\xff\\xfe\" also starts some binaries)."""
    return head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


def _sniff_zip(head: bytes) -> str:
    """A zip is a DOCX candidate when it names word/ parts and no other office format's."""
    if any(marker in head for marker in _OTHER_OFFICE):
        return "unsupported"
    if b"word/" in head or b"[Content_Types].xml" in head:
        return "docx"
    return "unsupported"


def _as_text(head: bytes) -> str | None:
    """Decode as text, or None when the bytes look binary (NULs, control characters, undecodable)."""
    from portal.text.legacy import decode_bytes

    if len(head) >= SNIFF_BYTES:
        head = _trim_partial_char(head)
    try:
        text, _encoding = decode_bytes(head)
    except (UnicodeError, ValueError):
        return None
    if not text or "\x00" in text:
        return None
    controls = len(_CONTROL.findall(text))
    undecodable = text.count("\ufffd")  # mixed UTF-8/cp1258 text has some; binary has control bytes too
    return None if controls > max(2, len(text) // 100) or undecodable > len(text) // 10 else text


def _trim_partial_char(head: bytes) -> bytes:
    """Cut a UTF-8 sequence that the head length split in two."""
    for cut in range(0, 4):
        candidate = head[: len(head) - cut]
        try:
            candidate.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return candidate
    return head


def _looks_markdown(text: str, filename: str) -> bool:
    """Markdown by name (.md) or by structure: a heading, link, fence, table or several list items."""
    if filename.lower().endswith(_MARKDOWN_SUFFIXES):
        return True
    if filename.lower().endswith(_TEXT_SUFFIXES):
        return False
    sample = text[:SNIFF_BYTES]
    return bool(_MD_STRONG.search(sample)) or len(_MD_LIST.findall(sample)) >= 3
