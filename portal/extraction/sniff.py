"""Decide what an upload is from its first bytes, never from its name alone."""

import re
import zipfile

from .ole import OLE_MAGIC, ole_kind

SNIFF_BYTES = 64 * 1024
PDF_HEADER_WINDOW = 1024
IMAGE_KINDS = ("png", "jpeg", "tiff")
CONVERTED_KINDS = ("doc", "rtf", "odt", "xls", "ods")  # read through LibreOffice
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}
_ODF = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_BINARY_MAGIC = (
    b"GIF8",
    b"BM",
    b"RIFF",
    b"MZ",
    b"\x7fELF",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
    b"Rar!",
    b"BZh",
    b"\xfd7zXZ",
    b"\xca\xfe\xba\xbe",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x1aE\xdf\xa3",
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OTHER_OFFICE = (b"ppt/", b"visio/")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_TEXT_SUFFIXES = (".txt", ".text")
_MD_STRONG = re.compile(r"^(#{1,6}\s+\S|```|~~~|\|.*\|\s*$|>\s+\S)|\[[^\]\n]+\]\([^)\s]+\)|^\s*[-*_]{3,}\s*$", re.M)
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff_type(head: bytes, filename: str = "") -> str:
    """The kind from the first bytes (pass >= 64 KB): "pdf", "docx", "xlsx", "odt", "ods", "doc"/"xls" (as "ole"
    until `sniff_path` reads the compound file's directory), "rtf", "png", "jpeg", "tiff", "markdown", "text" or
    "unsupported"."""
    if not head:
        return "unsupported"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(head)
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    for magic, kind in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:  # junk before the header, as PDF readers accept (after the magics)
        return "pdf"
    if head.startswith(_BINARY_MAGIC) and not _is_bom(head):
        return "unsupported"
    text = _as_text(head)
    if text is None:
        return "unsupported"
    return "markdown" if _looks_markdown(text, filename) else "text"


def _is_bom(head: bytes) -> bool:
    """True for a UTF-8/UTF-16 byte-order mark (\"\\xff\\xfe\" also starts some binaries)."""
    return head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))


def sniff_path(path: str, head: bytes, filename: str = "") -> str:
    """`sniff_type`, refined from the whole file: a zip by its entry names, an OLE2 file by its directory
    ("doc", "xls", "encrypted" for a password-protected Office file, else "unsupported")."""
    kind = sniff_type(head, filename)
    if kind == "ole":
        return ole_kind(path)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(path, kind)
    return kind


def _odf_encrypted(archive: zipfile.ZipFile, names: set) -> bool:
    """An ODF document saved with a password lists encryption data in its manifest."""
    manifest = "META-INF/manifest.xml"
    if manifest not in names or archive.getinfo(manifest).file_size > 1 << 20:
        return False
    return b"encryption-data" in archive.read(manifest)


def _sniff_zip(head: bytes) -> str:
    """A zip's kind from its first local headers: ODF by its leading mimetype entry, OOXML by part names."""
    if head[30:38] == b"mimetype":
        for mimetype, kind in _ODF.items():
            if head[38:].startswith(mimetype):
                return kind
        return "unsupported"
    if any(marker in head for marker in _OTHER_OFFICE):
        return "unsupported"
    if b"word/" in head:
        return "docx"
    if b"xl/" in head:
        return "xlsx"
    if b"[Content_Types].xml" in head:
        return "docx"
    return "unsupported"


def _zip_kind(path: str, guess: str) -> str:
    """Decide a zip by its central directory (cheap, nothing inflated but the tiny ODF mimetype entry)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                kind = _ODF.get(archive.read("mimetype").strip(), "unsupported")
                return "encrypted" if kind != "unsupported" and _odf_encrypted(archive, names) else kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return guess  # the parser reports the damage in its own words
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return guess if guess in ("docx", "xlsx") and not names & {"ppt/presentation.xml"} else "unsupported"


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
