"""Public entry points: extract_file, the quick scan and page-by-page OCR for the background, render_markdown."""

import os
from collections.abc import Iterator
from dataclasses import dataclass

from . import markdown as md_mod
from .convert import CONVERT_MEMORY_MB, converter_status
from .messages import ExtractionError, fail, warning
from .ocr import PAGE_TIMEOUT, ocr_status
from .quality import assess_pages
from .result import ExtractionResult, Page, Quality
from .sandbox import run_limited
from .sniff import CONVERTED_KINDS, SNIFF_BYTES, sniff_path, sniff_type

MAX_FILE_BYTES = 200 * 1024 * 1024
MARKDOWN_MAX_CHARS = 200_000
MARKDOWN_TIMEOUT = 5.0
MARKDOWN_MEMORY_MB = 512
SCAN_TIMEOUT = 10.0

__all__ = [
    "extract_file",
    "ExtractionResult",
    "Page",
    "Quality",
    "ExtractionError",
    "sniff_type",
    "sniff_file",
    "render_markdown",
    "ScanSummary",
    "scan_summary",
    "scan_page_count",
    "pages_needing_ocr",
    "ocr_pages",
    "ocr_pdf_pages",
    "assess_pages",
    "ocr_status",
    "converter_status",
]


def extract_file(
    path: str,
    *,
    timeout: float = 60,
    memory_mb: int = 1024,
    ocr: bool = True,
    max_pages: int = 2000,
    sandbox: bool = True,
    defer_ocr: bool = False,
) -> ExtractionResult:
    """Text of an untrusted file, parsed in a limited child; raises ExtractionError with a Vietnamese message.

    A file that is fine but cannot be read *yet* (LibreOffice or OCR missing) comes back with status "unread".
    With `defer_ocr`, pages needing OCR are listed in `ocr_needed` (status "ocr_pending") for `ocr_pages` to do
    in the background. `sandbox=False` parses in this process with no limits: for tests of the parsers only.
    """
    kind = sniff_file(path)
    args = {
        "path": os.path.abspath(path),
        "kind": kind,
        "ocr": ocr,
        "max_pages": max_pages,
        "timeout": timeout,
        "defer_ocr": defer_ocr,
    }
    data = _run("extract", args, timeout, _memory_for(kind, memory_mb), sandbox)
    result = ExtractionResult.from_dict(data)
    if kind == "markdown":
        _add_markdown_html(result, sandbox)
    return result


def _memory_for(kind: str, memory_mb: int) -> int:
    """LibreOffice needs a larger address space than the parsers (measured: benchmarks/results/extraction.md)."""
    return max(memory_mb, CONVERT_MEMORY_MB) if kind in CONVERTED_KINDS else memory_mb


def _run(job: str, args: dict, timeout: float, memory_mb: int, sandbox: bool) -> dict:
    """A worker job in the limited child, or in-process for parser tests."""
    if sandbox:
        return run_limited(job, args, timeout=timeout, memory_mb=memory_mb)
    from .worker import run

    return run(job, args)


def sniff_file(path: str) -> str:
    """Size checks and content sniffing in the parent: cheap refusals need no child. Returns the kind."""
    size = os.path.getsize(path)
    if size == 0:
        raise fail("empty")
    if size > MAX_FILE_BYTES:
        raise fail("too_large")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip(b"\x00\t\r\n \x0b\x0c"):
        raise fail("empty")
    kind = sniff_path(path, head, os.path.basename(path))
    if kind == "encrypted":
        raise fail("encrypted", "encrypted_office")
    if kind == "unsupported":
        raise fail("unsupported", "unsupported_zip" if head.startswith(b"PK") else None)
    return kind


@dataclass
class ScanSummary:
    """The quick look at upload time: kind, page count, pages that need OCR."""

    kind: str
    page_count: int
    ocr_needed: list[int]


def scan_summary(path: str, *, timeout: float = SCAN_TIMEOUT, memory_mb: int = 1024, sandbox=True) -> ScanSummary:
    """Kind, page count and the pages needing OCR, from the text layers only (well under 2 s for a 13-page scan)."""
    kind = sniff_file(path)
    data = _run("scan", {"path": os.path.abspath(path), "kind": kind}, timeout, memory_mb, sandbox)
    return ScanSummary(**data)


def scan_page_count(path: str, **kwargs) -> int:
    """Number of pages (frames for a TIFF, 1 for documents without pages)."""
    return scan_summary(path, **kwargs).page_count


def pages_needing_ocr(path: str, **kwargs) -> list[int]:
    """Pages (1-based) whose text layer is missing, sparse over a scan, or garbage; every frame of an image."""
    return scan_summary(path, **kwargs).ocr_needed


def ocr_pages(
    path: str,
    pages: list[int] | None = None,
    *,
    timeout_per_page: float = PAGE_TIMEOUT,
    memory_mb: int = 1024,
    sandbox: bool = True,
) -> Iterator[Page]:
    """OCR the given pages (default: those that need it) one limited child each, yielding each page's final text.

    Built for a background job that shows "3/13 trang" and resumes after a crash: it can pass only the pages not
    yet stored. A page whose OCR does not beat its text layer comes back with the layer (is_ocr False). Raises
    ExtractionError("ocr_unavailable") naming the missing component when OCR cannot run here.
    """
    status = ocr_status()
    if not status.available:
        raise fail("ocr_unavailable", missing=status.missing_text)
    kind = sniff_file(path)
    numbers = pages if pages is not None else pages_needing_ocr(path, sandbox=sandbox)
    for number in numbers:
        args = {"path": os.path.abspath(path), "kind": kind, "number": int(number), "timeout": timeout_per_page}
        yield Page(**_run("ocr_page", args, timeout_per_page + 5, memory_mb, sandbox))


ocr_pdf_pages = ocr_pages


def _add_markdown_html(result: ExtractionResult, sandbox: bool) -> None:
    """Render the Markdown source page to sanitised HTML for reading.

    The page text stays the source: list numbers and bullets ("1.", "-", "+") carry the structure that the plan
    parser, citations and snippets rely on, and rendering would drop them.
    """
    source = result.pages[0].text
    html, rendered = _render(source, MARKDOWN_MAX_CHARS, MARKDOWN_TIMEOUT, sandbox)
    result.html = html
    if not rendered:
        result.warnings.append(warning("markdown_fallback"))


def render_markdown(md: str, *, max_chars: int = MARKDOWN_MAX_CHARS, timeout: float = MARKDOWN_TIMEOUT) -> str:
    """Sanitised HTML for Markdown; too long, too slow or failing input falls back to an escaped <pre>."""
    return _render(md, max_chars, timeout, sandbox=True)[0]


def _render(md: str, max_chars: int, timeout: float, sandbox: bool) -> tuple[str, bool]:
    """(html, rendered?) where rendered is False when the escaped-<pre> fallback was used."""
    if len(md) > max_chars:
        return md_mod.escaped_pre(md), False
    if not sandbox:
        return md_mod.to_html_unlimited(md), True
    try:
        data = run_limited("markdown", {"md": md}, timeout=timeout, memory_mb=MARKDOWN_MEMORY_MB)
    except ExtractionError:
        return md_mod.escaped_pre(md), False
    return data["html"], True
