"""Public entry points: extract_file, render_markdown, sniff_type and the result/error types."""

import os

from . import markdown as md_mod
from .messages import ExtractionError, fail, warning
from .result import ExtractionResult, Page
from .sandbox import run_limited
from .sniff import SNIFF_BYTES, sniff_type

MAX_FILE_BYTES = 200 * 1024 * 1024
MARKDOWN_MAX_CHARS = 200_000
MARKDOWN_TIMEOUT = 5.0
MARKDOWN_MEMORY_MB = 512

__all__ = ["extract_file", "ExtractionResult", "Page", "ExtractionError", "sniff_type", "render_markdown"]


def extract_file(
    path: str,
    *,
    timeout: float = 60,
    memory_mb: int = 1024,
    ocr: bool = True,
    max_pages: int = 2000,
    sandbox: bool = True,
) -> ExtractionResult:
    """Text of an untrusted file, parsed in a limited child; raises ExtractionError with a Vietnamese message.

    `sandbox=False` parses in this process with no limits: for tests of the parsers only.
    """
    kind = _sniff_file(path)
    args = {"path": os.path.abspath(path), "kind": kind, "ocr": ocr, "max_pages": max_pages, "timeout": timeout}
    if sandbox:
        data = run_limited("extract", args, timeout=timeout, memory_mb=memory_mb)
    else:
        from .worker import run

        data = run("extract", args)
    result = ExtractionResult.from_dict(data)
    if kind == "markdown":
        _add_markdown_html(result, sandbox)
    return result


def _sniff_file(path: str) -> str:
    """Size checks and content sniffing in the parent: cheap refusals need no child."""
    size = os.path.getsize(path)
    if size == 0:
        raise fail("empty")
    if size > MAX_FILE_BYTES:
        raise fail("too_large")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip(b"\x00\t\r\n \x0b\x0c"):
        raise fail("empty")
    kind = sniff_type(head, os.path.basename(path))
    if kind == "unsupported":
        raise fail("unsupported", "unsupported_zip" if head.startswith(b"PK") else None)
    return kind


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
