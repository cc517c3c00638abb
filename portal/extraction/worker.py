"""What runs inside the limited child: one job in, plain JSON-able data out.

Imported by the forkserver ahead of time, so the parsers are loaded once and each child starts warm.
`python -m portal.extraction FILE` runs one extraction in-process and prints JSON (for debugging).
"""

import time

from . import markdown as md_mod
from .docx import extract_docx
from .messages import fail
from .pdf import extract_pdf
from .text import extract_text

MAX_RESULT_CHARS = 50_000_000


def run(job: str, args: dict) -> dict:
    """Dispatch a job ("extract" or "markdown") and return plain data."""
    if job == "extract":
        return extract(**args)
    if job == "markdown":
        return {"html": md_mod.to_html_unlimited(args["md"])}
    raise ValueError(f"unknown job {job!r}")


def extract(path: str, kind: str, ocr: bool = True, max_pages: int = 2000, timeout: float = 60) -> dict:
    """Extract one file of an already-sniffed kind."""
    deadline = time.monotonic() + timeout
    if kind == "pdf":
        result = extract_pdf(path, ocr=ocr, max_pages=max_pages, deadline=deadline)
    elif kind == "docx":
        result = extract_docx(path)
    elif kind in ("text", "markdown"):
        result = extract_text(path, kind)
    else:
        raise fail("unsupported")
    if sum(len(p.text) for p in result.pages) > MAX_RESULT_CHARS:
        raise fail("too_large")
    return result.to_dict()
