"""DOCX text with python-docx, after checking the zip container (entries, sizes, ratios, names)."""

import zipfile

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table
from lxml.etree import LxmlError, XPath

from .clean import clean_text
from .messages import fail
from .result import MIME, ExtractionResult, Page

MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed/compressed, checked on entries bigger than RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
MAIN_PART = "word/document.xml"
CELL_SEPARATOR = " | "
# Outermost text boxes below an element; a DrawingML box repeats itself as VML inside mc:Fallback.
_TXBX = XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)][not(ancestor::w:txbxContent)]",
    namespaces={
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    },
)


def check_zip(path: str, main_part: str = MAIN_PART, corrupt_key: str = "corrupt_docx") -> None:
    """Refuse bombs, traversal names and non-Word zips by reading only the central directory.

    Python's zipfile never returns more than an entry's declared size (then fails on the CRC), so checking the
    declared sizes bounds what python-docx can inflate.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise fail("corrupt", corrupt_key) from exc
    if len(infos) > MAX_ENTRIES:
        raise fail("zip_bomb")
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES or any(map(_is_bomb_entry, infos)):
        raise fail("zip_bomb")
    if any(_unsafe_name(info.filename) for info in infos):
        raise fail("corrupt", "unsafe_zip")
    if main_part not in {info.filename for info in infos}:
        raise fail("unsupported", "unsupported_zip")


def _is_bomb_entry(info: zipfile.ZipInfo) -> bool:
    """A big entry that inflates more than MAX_RATIO times."""
    return info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1)


def _unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and ".." components."""
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":")


def extract_docx(path: str) -> ExtractionResult:
    """Check the zip, then read as one page, in reading order: headers, the body (paragraphs with their text boxes,
    tables a row per line), footnotes, endnotes, footers."""
    check_zip(path)
    document = _open(path)
    try:
        parts = [*_headers_footers(document, "header"), *_blocks(document)]
        parts += [*_notes(document, RT.FOOTNOTES, "footnote"), *_notes(document, RT.ENDNOTES, "endnote")]
        parts += _headers_footers(document, "footer")
        text = clean_text("\n".join(parts))
    except (KeyError, ValueError, AttributeError, IndexError, TypeError, LxmlError) as exc:
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
    """Paragraph texts (each followed by its text boxes) and table rows of a document, cell or header, in order."""
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_rows(block)
        else:
            yield block.text
            yield from _text_boxes(block._p)


def _text_boxes(element):
    """Paragraphs of the text boxes anchored in an element; DrawingML's VML fallback copy is skipped."""
    for box in _TXBX(element):
        for paragraph in box.iterchildren(qn("w:p"), qn("w:tbl")):
            if paragraph.tag == qn("w:tbl"):
                yield from _table_rows(Table(paragraph, None))
            else:
                yield "".join(paragraph.xpath(".//w:t/text()"))


def _headers_footers(document, kind: str) -> list[str]:
    """The distinct headers (or footers) of all sections: default, first-page and even-page ones."""
    seen, out = set(), []
    for section in document.sections:
        for name in (f"first_page_{kind}", kind, f"even_page_{kind}"):
            part = getattr(section, name)
            if part.is_linked_to_previous:
                continue
            text = "\n".join(line for line in _blocks(part) if line.strip())
            if text and text not in seen:
                seen.add(text)
                out.append(text)
    return out


def _notes(document, reltype: str, tag: str) -> list[str]:
    """Footnote or endnote texts (separators skipped), parsed with python-docx's safe XML parser."""
    out = []
    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.iterchildren(qn(f"w:{tag}")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            lines = ["".join(p.xpath(".//w:t/text()")) for p in note.iter(qn("w:p"))]
            out.append(" ".join(line for line in lines if line.strip()))
    return [line for line in out if line.strip()]


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
