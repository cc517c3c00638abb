"""PDF text per page with pypdf; OCR for pages without a usable text layer."""

import contextlib
import struct
import time
import zlib

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

from portal.text import diacritic_ratio

from . import ocr as ocr_mod
from .clean import clean_text, letter_count
from .messages import ExtractionError, fail, warning
from .result import MIME, ExtractionResult, Page

MIN_LETTERS = 10  # fewer letters than this: the page has no text layer
GARBAGE_MIN_LETTERS = 100  # a layer this long with almost no diacritics is a bad OCR layer
GARBAGE_RATIO = 0.1  # real Vietnamese: 0.7-0.85 of syllables carry diacritics
MIN_SCAN_PIXELS = 300 * 300
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


def open_pdf(path: str) -> PdfReader:
    """Open and, when only an owner password is set, decrypt with the empty password."""
    with pdf_errors():
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise fail("encrypted")
        return reader


def extract_pdf(
    path: str, *, ocr: bool = True, max_pages: int = 2000, deadline: float | None = None
) -> ExtractionResult:
    """Extract every page's text; OCR pages that have no (or a garbage) text layer."""
    reader = open_pdf(path)
    with pdf_errors():
        count = len(reader.pages)
    if count == 0:
        raise fail("corrupt", "corrupt_pdf")
    if count > max_pages:
        raise fail("too_large", "too_many_pages", pages=count, max_pages=max_pages)
    result = ExtractionResult(kind="pdf", mime=MIME["pdf"], page_count=count)
    can_ocr = ocr and ocr_mod.tesseract_ready()
    for number in range(1, count + 1):
        result.pages.append(_page(reader, path, number, result, can_ocr, ocr, deadline))
    if not any(p.text for p in result.pages):
        raise _empty_error(ocr, can_ocr, _has_images(reader))
    return result


def _page(reader, path, number, result, can_ocr, ocr_wanted, deadline) -> Page:
    """One page: its text layer, replaced by OCR when the layer is missing or garbage."""
    text, page = _layer_text(reader, number, result)
    missing = letter_count(text) < MIN_LETTERS
    garbage = not missing and _is_garbage(text)
    if not (missing or garbage):
        return Page(number, text)
    if not can_ocr:
        key = "page_garbage_layer" if garbage else ("page_no_text_no_ocr" if ocr_wanted else "page_no_text_ocr_off")
        result.warnings.append(warning(key, page=number))
        return Page(number, text if garbage else "")
    recognised = _ocr_page(page, path, number, deadline)
    if recognised and (missing or diacritic_ratio(recognised) > diacritic_ratio(text)):
        result.ocr_pages += 1
        return Page(number, recognised, is_ocr=True)
    result.warnings.append(warning("page_garbage_layer" if garbage else "page_ocr_failed", page=number))
    return Page(number, text if garbage else "")


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
    """A long layer with almost no Vietnamese diacritics ("CQNG HOA XA HQI")."""
    return letter_count(text) >= GARBAGE_MIN_LETTERS and diacritic_ratio(text) < GARBAGE_RATIO


def _ocr_page(page, path, number, deadline) -> str:
    """OCR one page from its largest image (or a pdftoppm rendering); empty string on failure."""
    timeout = ocr_mod.PAGE_TIMEOUT if deadline is None else deadline - time.monotonic()
    if timeout <= 1:
        return ""
    try:
        image = _largest_image(page) if page is not None else None
        if image is None or image.width * image.height < MIN_SCAN_PIXELS:
            image = ocr_mod.render_pdf_page(path, number, timeout) or image
        if image is None:
            return ""
        return clean_text(ocr_mod.ocr_image(image, timeout))
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - a page that cannot be OCR'd stays empty with a warning
        return ""


def _largest_image(page):
    """The page's biggest embedded image as a PIL image, chosen by declared size before decoding."""
    images = page.images
    best, best_area = None, 0
    xobjects = _xobjects(page)
    for key in images.keys():
        if not isinstance(key, str):
            continue
        obj = xobjects.get(key)
        area = int(obj.get("/Width", 0)) * int(obj.get("/Height", 0)) if obj is not None else 0
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
            return any(obj.get("/Subtype") == "/Image" for page in reader.pages for obj in _xobjects(page).values())
    except ExtractionError:
        return False


def _empty_error(ocr_wanted: bool, can_ocr: bool, scanned: bool) -> ExtractionError:
    """The "empty" error, explaining a scan that could not be OCR'd."""
    if not scanned:
        return fail("empty")
    if not ocr_wanted:
        return fail("empty", "empty_scan_ocr_off")
    return fail("empty", "empty_scan_ocr_failed" if can_ocr else "empty_scan_no_ocr")
