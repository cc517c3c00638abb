"""What runs inside the limited child: one job in, plain JSON-able data out.

Imported by the forkserver ahead of time, so the parsers are loaded once and each child starts warm.
`python -m portal.extraction FILE` runs one extraction in-process and prints JSON (for debugging).
"""

import dataclasses
import time

from . import markdown as md_mod
from .convert import LABELS, converted, converter_status
from .docx import extract_docx
from .image import extract_image, ocr_frame, open_image
from .messages import fail, unread_reason
from .pdf import extract_pdf, ocr_one_page, page_decisions
from .quality import assess
from .result import MIME, STATUS_UNREAD, ExtractionResult
from .sniff import CONVERTED_KINDS, IMAGE_KINDS
from .stats import saved_page_count
from .text import extract_text
from .xlsx import extract_xlsx

MAX_RESULT_CHARS = 50_000_000
DEADLINE_MARGIN = 3.0


def run(job: str, args: dict) -> dict:
    """Dispatch a job ("extract", "scan", "ocr_page" or "markdown") and return plain data."""
    if job == "extract":
        return extract(**args)
    if job == "scan":
        return scan(**args)
    if job == "ocr_page":
        return ocr_page(**args)
    if job == "markdown":
        return {"html": md_mod.to_html_unlimited(args["md"])}
    raise ValueError(f"unknown job {job!r}")


def extract(
    path: str, kind: str, ocr: bool = True, max_pages: int = 2000, timeout: float = 60, defer_ocr: bool = False
) -> dict:
    """Extract one file of an already-sniffed kind, with its quality."""
    deadline = time.monotonic() + timeout - min(DEADLINE_MARGIN, timeout / 10)  # answer before the parent kills
    result = _extract(path, kind, ocr, max_pages, deadline, defer_ocr)
    if sum(len(p.text) for p in result.pages) > MAX_RESULT_CHARS:
        raise fail("too_large")
    result.quality = assess(result)
    return result.to_dict()


def _extract(path, kind, ocr, max_pages, deadline, defer_ocr) -> ExtractionResult:
    """The parser for each kind."""
    if kind == "pdf":
        return extract_pdf(path, ocr=ocr, max_pages=max_pages, deadline=deadline, defer_ocr=defer_ocr)
    if kind == "docx":
        result = extract_docx(path)
        result.page_count = saved_page_count(path, kind) or result.page_count
        return result
    if kind == "xlsx":
        return extract_xlsx(path)
    if kind in ("text", "markdown"):
        return extract_text(path, kind)
    if kind in IMAGE_KINDS:
        return extract_image(path, kind, ocr=ocr, deadline=deadline, defer_ocr=defer_ocr)
    if kind in CONVERTED_KINDS:
        return _extract_converted(path, kind, deadline)
    raise fail("unsupported")


def _extract_converted(path: str, kind: str, deadline: float) -> ExtractionResult:
    """.doc/.rtf/.odt/.xls/.ods through LibreOffice; without it, a result stored unread with the reason."""
    if not converter_status().available:
        reason = unread_reason("converter_missing", label=LABELS[kind])
        return ExtractionResult(
            kind=kind, mime=MIME[kind], status=STATUS_UNREAD, unread_code="converter_missing",
            unread_reason=reason, warnings=[reason],
        )  # fmt: skip
    with converted(path, kind, timeout=deadline - time.monotonic()) as out:
        result = extract_xlsx(out, kind) if kind in ("xls", "ods") else extract_docx(out)
    result.kind, result.mime = kind, MIME[kind]
    result.page_count = saved_page_count(path, kind) or result.page_count
    return result


def scan(path: str, kind: str, max_pages: int = 2000) -> dict:
    """The quick upload-time look: page count and which pages need OCR (no OCR, no conversion)."""
    if kind == "pdf":
        count, needed = page_decisions(path, max_pages)
        return {"kind": kind, "page_count": count, "ocr_needed": needed}
    if kind in IMAGE_KINDS:
        image, frames = open_image(path)
        image.close()
        return {"kind": kind, "page_count": frames, "ocr_needed": list(range(1, frames + 1))}
    return {"kind": kind, "page_count": 1, "ocr_needed": []}


def ocr_page(path: str, kind: str, number: int, timeout: float = 120) -> dict:
    """One page's final text after OCR (a PDF page keeps its layer when OCR did not read better)."""
    deadline = time.monotonic() + timeout
    if kind == "pdf":
        page = ocr_one_page(path, number, deadline)
    elif kind in IMAGE_KINDS:
        page = ocr_frame(path, number, deadline)
    else:
        raise fail("unsupported")
    return dataclasses.asdict(page)
