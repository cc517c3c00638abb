"""The result of an extraction: pages of NFC text plus what was detected on the way."""

from dataclasses import asdict, dataclass, field


@dataclass
class Page:
    """One page of text (1-based number); is_ocr when the text came from OCR."""

    number: int
    text: str
    is_ocr: bool = False


@dataclass
class ExtractionResult:
    """Text and facts from one file; `.text` joins the pages."""

    kind: str
    mime: str
    pages: list[Page] = field(default_factory=list)
    encoding: str | None = None
    legacy_encoding: str | None = None
    ocr_pages: int = 0
    page_count: int = 0
    html: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All pages' text, separated by a blank line."""
        return "\n\n".join(p.text for p in self.pages)

    def to_dict(self) -> dict:
        """Plain data for the trip across the process boundary."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ExtractionResult":
        """Rebuild from `to_dict` output."""
        pages = [Page(**p) for p in data.get("pages", [])]
        return cls(**{**data, "pages": pages})


MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "markdown": "text/markdown",
    "text": "text/plain",
}
