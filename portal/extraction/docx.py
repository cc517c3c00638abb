"""DOCX text with python-docx, after checking the zip container (entries, sizes, ratios, names)."""

import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml.etree import LxmlError

from .clean import clean_text
from .messages import fail
from .result import MIME, ExtractionResult, Page

MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed, checked on entries bigger than RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAIN_PART = "word/document.xml"
CELL_SEPARATOR = " | "


def check_zip(path: str) -> None:
    """Refuse bombs, traversal names and non-Word zips by reading only the central directory.

    Python's zipfile never returns more than an entry's declared size (then fails on the CRC), so checking the
    declared sizes bounds what python-docx can inflate.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise fail("corrupt", "corrupt_docx") from exc
    if len(infos) > MAX_ENTRIES:
        raise fail("zip_bomb")
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES or any(map(_is_bomb_entry, infos)):
        raise fail("zip_bomb")
    if any(_unsafe_name(info.filename) for info in infos):
        raise fail("corrupt", "unsafe_zip")
    if MAIN_PART not in {info.filename for info in infos}:
        raise fail("unsupported", "unsupported_zip")


def _is_bomb_entry(info: zipfile.ZipInfo) -> bool:
    """A big entry that inflates more than MAX_RATIO times."""
    return info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1)


def _unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and ".." components."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def extract_docx(path: str) -> ExtractionResult:
    """Check the zip, then read paragraphs and tables in document order as one page."""
    check_zip(path)
    document = _open(path)
    try:
        text = clean_text("\n".join(_blocks(document)))
    except (KeyError, ValueError, AttributeError, IndexError, TypeError) as exc:
        raise fail("corrupt", "corrupt_docx") from exc
    if not text:
        raise fail("empty")
    return ExtractionResult(kind="docx", mime=MIME["docx"], pages=[Page(1, text)], page_count=1)


def _open(path: str):
    """python-docx Document, with its errors mapped (a .docm/.dotx main part is unsupported)."""
    try:
        return docx.Document(path)
    except ValueError as exc:
        if "not a Word file" in str(exc):
            raise fail("unsupported", "unsupported_zip") from exc
        raise fail("corrupt", "corrupt_docx") from exc
    except (PackageNotFoundError, KeyError, zipfile.BadZipFile, LxmlError, AttributeError, TypeError) as exc:
        raise fail("corrupt", "corrupt_docx") from exc


def _blocks(container):
    """Paragraph texts and table rows of a document or cell, in order."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_rows(block)
        else:
            yield block.text


def _table_rows(table):
    """One line per row, cells joined by " | ", merged cells counted once."""
    for row in table.rows:
        seen, cells = set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line for line in _blocks(cell) if line.strip()))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)
