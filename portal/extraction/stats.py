"""The page count a word processor saved in the file (Word's summary information, DOCX app.xml, ODF meta.xml).

A flowing document has no pages until it is laid out; the count its editor saved is what users see in Word and what
the per-file quality reports. It is read from small, size-checked parts only, and is None when absent or unreadable.
"""

import re
import zipfile

from .ole import summary_counts

MAX_PART_BYTES = 1 << 20
_DOCX_PAGES = re.compile(rb"<(?:\w+:)?Pages>\s*(\d{1,6})\s*</(?:\w+:)?Pages>")
_ODF_PAGES = re.compile(rb'meta:page-count="(\d{1,6})"')


def saved_page_count(path: str, kind: str) -> int | None:
    """Pages as saved by the editor for "doc", "docx" and "odt" files; None otherwise."""
    if kind == "doc":
        return _positive(summary_counts(path)[0])
    part, pattern = {"docx": ("docProps/app.xml", _DOCX_PAGES), "odt": ("meta.xml", _ODF_PAGES)}.get(kind, (None, None))
    if part is None:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo(part)
            if info.file_size > MAX_PART_BYTES:
                return None
            found = pattern.search(archive.read(info))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return None
    return _positive(int(found.group(1))) if found else None


def _positive(value: int | None) -> int | None:
    """A page count worth reporting: templates carry 0 or 1 whatever the length (python-docx saves its template's 1),
    and 1 is the fallback anyway."""
    return value if value and value > 1 else None
