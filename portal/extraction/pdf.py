"""PDF text per page with pypdf; per-page decision to OCR (no, sparse or garbage text layer), OCR at 300 dpi."""

import contextlib
import io
import struct
import subprocess  # nosec B404  # only for its TimeoutExpired
import tempfile
import time
import zlib

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

from portal.text import diacritic_ratio
from portal.text.legacy import detect_and_convert
from portal.text.phonology import valid_syllable_share

from . import ocr as ocr_mod
from .clean import clean_text, letter_count
from .messages import ExtractionError, fail, unread_reason, warning
from .result import MIME, STATUS_OCR_PENDING, STATUS_UNREAD, ExtractionResult, Page

HEADER_WINDOW = 1024  # readers accept "%PDF-" anywhere in the first 1,024 bytes
MIN_LETTERS = 10  # fewer letters than this: the page has no text layer
SPARSE_LETTERS = 300  # a page-sized scan with fewer letters in its layer (a stamp, a signature) gets OCR'd
SCAN_DPI = 100  # an image counts as a page scan when it holds at least this resolution over ...
SCAN_COVER = 0.5  # ... this share of the page
GARBAGE_MIN_LETTERS = 100  # a layer this long with almost no diacritics is a bad OCR layer
GARBAGE_RATIO = 0.1  # real Vietnamese: 0.7-0.85 of syllables carry diacritics
GARBAGE_VALID = 0.5  # ... or with fewer valid syllables than this
MIN_SCAN_PIXELS = 300 * 300
OCR_MIN_SECONDS = 3.0  # with less time left, a page is left for the background instead of being cut short
HEAVY_CONTENT_BYTES = 10_000  # compressed; inline images and outlined text make content streams this large
MAX_RENDER_PIXELS = 60_000_000  # lower the dpi for huge pages so pdftoppm's bitmap stays bounded
_CORRUPT = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    zlib.error,
    struct.error,
    RecursionError,
    UnicodeError,
    OverflowError,
    EOFError,
)


@contextlib.contextmanager
def pdf_errors():
    """Turn pypdf's many failure types into ExtractionError codes."""
    try:
        yield
    except ExtractionError:
        raise
    except LimitReachedError as exc:
        raise fail("too_large") from exc
    except (FileNotDecryptedError, DependencyError) as exc:
        raise fail("encrypted") from exc
    except _CORRUPT as exc:
        raise fail("corrupt", "corrupt_pdf") from exc


def header_offset(path: str) -> int:
    """Where "%PDF-" starts within the first 1,024 bytes (0 if absent: pypdf then reports the file as corrupt)."""
    with open(path, "rb") as handle:
        found = handle.read(HEADER_WINDOW).find(b"%PDF-")
    return max(found, 0)


def open_pdf(path: str) -> PdfReader:
    """Open (from the header on, skipping leading junk) and decrypt with the empty password when only an owner
    password is set."""
    offset = header_offset(path)
    with pdf_errors():
        if offset:
            with open(path, "rb") as handle:
                handle.seek(offset)
                source = io.BytesIO(handle.read())
        else:
            source = path
        reader = PdfReader(source, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail("encrypted")
        return reader


def open_counted(path: str, max_pages: int) -> tuple[PdfReader, int]:
    """The reader and its page count, refusing empty and over-long documents."""
    reader = open_pdf(path)
    with pdf_errors():
        count = len(reader.pages)
    if count == 0:
        raise fail("corrupt", "corrupt_pdf")
    if count > max_pages:
        raise fail("too_large", "too_many_pages", pages=count, max_pages=max_pages)
    return reader, count


def extract_pdf(
    path: str, *, ocr: bool = True, max_pages: int = 2000, deadline: float | None = None, defer_ocr: bool = False
) -> ExtractionResult:
    """Every page's text layer; pages whose layer is missing, sparse over a scan, or garbage are OCR'd (now, or
    listed in `ocr_needed` with status "ocr_pending" when defer_ocr)."""
    reader, count = open_counted(path, max_pages)
    result = ExtractionResult(kind="pdf", mime=MIME["pdf"], page_count=count)
    layers = [_layer(reader, number, result) for number in range(1, count + 1)]
    result.pages = [Page(number, text) for number, (text, _page, _why) in enumerate(layers, 1)]
    needed = [number for number, (_text, _page, why) in enumerate(layers, 1) if why]
    if not needed:
        return _checked(result, reader)
    status = ocr_mod.ocr_status()
    if defer_ocr and ocr and status.available:
        result.status, result.ocr_needed = STATUS_OCR_PENDING, needed
        return result
    if not ocr or not status.available:
        return _unread_pages(result, reader, needed, ocr, status)
    for index, number in enumerate(needed):
        text, page, why = layers[number - 1]
        try:
            result.pages[number - 1] = _ocr_or_layer(path, number, page, text, why, result, deadline)
        except OutOfTime:  # what is done is kept; the rest is left for the background OCR
            result.status, result.ocr_needed = STATUS_OCR_PENDING, needed[index:]
            return result
    return _checked(result, reader, ocr_ran=True)


def page_decisions(path: str, max_pages: int = 2000) -> tuple[int, list[int]]:
    """(page count, pages that need OCR): the quick upload-time look, text layers only."""
    reader, count = open_counted(path, max_pages)
    scratch = ExtractionResult(kind="pdf", mime=MIME["pdf"])
    return count, [n for n in range(1, count + 1) if _layer(reader, n, scratch)[2]]


def ocr_one_page(path: str, number: int, deadline: float | None = None) -> Page:
    """The final text of one page that needs OCR: the OCR text, or the layer when OCR did not do better."""
    reader, count = open_counted(path, 100_000)
    if not 1 <= number <= count:
        raise ValueError(f"page {number} out of 1..{count}")
    scratch = ExtractionResult(kind="pdf", mime=MIME["pdf"])
    text, page, why = _layer(reader, number, scratch)
    return _ocr_or_layer(path, number, page, text, why or "missing", scratch, deadline)


def _layer(reader, number, result) -> tuple[str, object, str | None]:
    """(text layer, page object, why OCR is needed: "missing" | "sparse" | "garbage" | None)."""
    text, page = _layer_text(reader, number, result)
    if letter_count(text) < MIN_LETTERS:
        return text, page, ("missing" if page is None or _may_hold_text(page) else None)
    converted, legacy = detect_and_convert(text)
    if legacy:
        result.legacy_encoding = legacy
        text = clean_text(converted)
    if _is_garbage(text):
        return text, page, "garbage"
    if letter_count(text) < SPARSE_LETTERS and page is not None and _has_page_scan(page):
        return text, page, "sparse"
    return text, page, None


def _layer_text(reader, number, result):
    """The page object and its text layer; a broken page becomes empty with a warning."""
    try:
        with pdf_errors():
            page = reader.pages[number - 1]
            return clean_text(page.extract_text() or ""), page
    except ExtractionError as exc:
        if exc.code != "corrupt":
            raise
        result.warnings.append(warning("page_error", page=number))
        return "", None


def _is_garbage(text: str) -> bool:
    """A long layer with almost no Vietnamese diacritics ("CQNG HOA XA HQI") or few valid syllables."""
    if letter_count(text) < GARBAGE_MIN_LETTERS:
        return False
    return diacritic_ratio(text) < GARBAGE_RATIO or valid_syllable_share(text)[1] < GARBAGE_VALID


def _has_page_scan(page) -> bool:
    """True when an embedded image is big enough to be a scan of the page (by declared size, nothing decoded)."""
    try:
        with pdf_errors():
            box = page.mediabox
            page_inches = abs(float(box.width) * float(box.height)) / (72 * 72)
            need = page_inches * SCAN_DPI * SCAN_DPI * SCAN_COVER
            return any(_area(obj) >= need for obj in _xobjects(page).values())
    except ExtractionError:
        return False


def _may_hold_text(page) -> bool:
    """A page without a text layer is worth OCR when it draws images/forms or a heavy content stream (text drawn
    as outlines); a blank page is not."""
    try:
        with pdf_errors():
            if _xobjects(page):
                return True
            contents = page.get("/Contents")
            contents = contents.get_object() if contents is not None else None
            streams = contents if isinstance(contents, list) else [contents] if contents is not None else []
            return sum(int(s.get_object().get("/Length", 0)) for s in streams) >= HEAVY_CONTENT_BYTES
    except ExtractionError:
        return True


def _area(obj) -> int:
    """Declared pixel area of an image XObject (0 for anything else)."""
    if obj.get("/Subtype") != "/Image":
        return 0
    return int(obj.get("/Width", 0)) * int(obj.get("/Height", 0))


def _ocr_or_layer(path, number, page, layer, why, result, deadline) -> Page:
    """OCR one page and keep whichever of OCR text and layer reads better (the OCR replaces, never duplicates)."""
    recognised, confidence = _ocr_page(page, path, number, deadline)
    if recognised and _better(recognised, layer, why):
        result.ocr_pages += 1
        return Page(number, recognised, is_ocr=True, confidence=confidence)
    key = "page_garbage_layer" if why == "garbage" else "page_ocr_failed"
    if why != "sparse":
        result.warnings.append(warning(key, page=number))
    return Page(number, layer if why != "missing" else "")


def _better(recognised: str, layer: str, why: str) -> bool:
    """OCR wins over a missing layer when it reads more, over a sparse one (a stamp on a scan: the rendered page
    shows the stamp too) when it reads anything, over garbage when it reads more Vietnamese."""
    if why == "garbage":
        return diacritic_ratio(recognised) > diacritic_ratio(layer)
    if why == "sparse":
        return letter_count(recognised) >= MIN_LETTERS
    return letter_count(recognised) > letter_count(layer)


class OutOfTime(Exception):
    """The extraction's deadline came before this page's OCR could finish."""


def _ocr_page(page, path, number, deadline) -> tuple[str, float | None]:
    """OCR one page: pdftoppm at 300 dpi (else the largest embedded image); ("", None) on failure; OutOfTime when
    the deadline does not leave time for the page."""
    timeout = ocr_mod.PAGE_TIMEOUT if deadline is None else min(ocr_mod.PAGE_TIMEOUT, deadline - time.monotonic())
    if timeout <= OCR_MIN_SECONDS:
        raise OutOfTime
    try:
        with tempfile.TemporaryDirectory(prefix="portal-page-") as folder:
            dpi = _render_dpi(page)
            rendered = ocr_mod.render_pdf_page(path, number, folder, timeout, dpi=dpi)
            if rendered:
                text, confidence = ocr_mod.ocr_file(rendered, timeout, dpi=dpi)
            else:
                image = _largest_image(page) if page is not None else None
                if image is None or image.width * image.height < MIN_SCAN_PIXELS:
                    return "", None
                text, confidence = ocr_mod.ocr_image(image, timeout)
        return clean_text(text), confidence
    except subprocess.TimeoutExpired as exc:
        if deadline is not None and deadline - time.monotonic() < OCR_MIN_SECONDS:
            raise OutOfTime from exc
        return "", None
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a page that cannot be OCR'd stays empty with a warning
        return "", None


def _render_dpi(page) -> int:
    """300 dpi, lowered for pages so large that the bitmap would pass MAX_RENDER_PIXELS."""
    try:
        box = page.mediabox
        inches = abs(float(box.width) * float(box.height)) / (72 * 72)
    except Exception:  # noqa: BLE001 - unknown size: render at the default
        return ocr_mod.RENDER_DPI
    if inches <= 0:
        return ocr_mod.RENDER_DPI
    return max(50, min(ocr_mod.RENDER_DPI, int((MAX_RENDER_PIXELS / inches) ** 0.5)))


def _largest_image(page):
    """The page's biggest embedded image as a PIL image, chosen by declared size before decoding."""
    images = page.images
    best, best_area = None, 0
    xobjects = _xobjects(page)
    for key in images.keys():
        if not isinstance(key, str):
            continue
        obj = xobjects.get(key)
        area = _area(obj) if obj is not None else 0
        if area > best_area:
            best, best_area = key, area
    return images[best].image if best is not None else None


def _xobjects(page) -> dict:
    """The page's /XObject resources, resolved."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else {}
    xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
    if xobjects is None:
        return {}
    xobjects = xobjects.get_object()
    return {name: xobjects[name].get_object() for name in xobjects}


def _has_images(reader) -> bool:
    """True when any page embeds an image (a scan), as opposed to blank or drawn-only pages."""
    try:
        with pdf_errors():
            return any(_area(obj) for page in reader.pages for obj in _xobjects(page).values())
    except ExtractionError:
        return False


def _unread_pages(result, reader, needed, ocr_wanted, status) -> ExtractionResult:
    """Pages that need OCR when OCR cannot run: a warning each; with no text at all the file is stored unread."""
    for number in needed:
        if ocr_wanted:
            result.warnings.append(warning("page_no_text_no_ocr", page=number, missing=status.missing_text))
        else:
            result.warnings.append(warning("page_no_text_ocr_off", page=number))
    if any(p.text for p in result.pages) or not _has_images(reader):
        return _checked(result, reader)
    code = "ocr_unavailable" if ocr_wanted else "ocr_off"
    result.status, result.unread_code = STATUS_UNREAD, code
    result.unread_reason = unread_reason(code, missing=status.missing_text)
    result.ocr_needed = needed
    result.warnings = [result.unread_reason]
    return result


def _checked(result, reader, ocr_ran: bool = False) -> ExtractionResult:
    """Refuse a file with no text at all: a blank file, or a scan that OCR could not read."""
    if any(p.text for p in result.pages):
        return result
    if ocr_ran and _has_images(reader):
        raise fail("empty", "empty_scan_ocr_failed")
    raise fail("empty")
