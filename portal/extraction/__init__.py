"""Untrusted upload -> text, safely: content sniffing, PDF/DOCX/Markdown/text parsers and OCR in a limited child."""

from .api import ExtractionError, ExtractionResult, Page, extract_file, render_markdown, sniff_type

__all__ = ["extract_file", "ExtractionResult", "Page", "ExtractionError", "sniff_type", "render_markdown"]
