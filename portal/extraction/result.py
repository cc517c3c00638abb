"""The result of an extraction: pages of NFC text plus what was detected on the way."""

from dataclasses import asdict, dataclass, field

STATUS_OK = "ok"
STATUS_OCR_PENDING = "ocr_pending"  # text layer read; some pages wait for OCR (extract_file(defer_ocr=True))
STATUS_UNREAD = "unread"  # stored but not read yet: a missing converter or OCR; `flask documents reextract` later


@dataclass
class Page:
    """One page of text (1-based number); is_ocr when the text came from OCR, with tesseract's mean confidence."""

    number: int
    text: str
    is_ocr: bool = False
    confidence: float | None = None


@dataclass
class Quality:
    """How well a file was read: the numbers the secretariat's "poor text" list needs, and why it is poor."""

    pages: int = 0
    characters: int = 0
    words: int = 0
    valid_syllable_share: float = 0.0  # share of letter words that are valid Vietnamese syllables
    ocr_pages: int = 0
    ocr_confidence: float | None = None  # mean of the OCR pages' mean word confidence (0-100)
    empty_pages: list[int] = field(default_factory=list)
    poor: bool = False
    reason: str | None = None  # Vietnamese, for the secretariat


@dataclass
class ExtractionResult:
    """Text and facts from one file; `.text` joins the pages.

    `status` is "ok", "ocr_pending" (pages listed in `ocr_needed` wait for OCR) or "unread" (the file is fine to
    store but its text could not be read yet: `unread_code` "converter_missing" / "ocr_unavailable" / "ocr_off",
    `unread_reason` the Vietnamese sentence for the document page).
    """

    kind: str
    mime: str
    pages: list[Page] = field(default_factory=list)
    encoding: str | None = None
    legacy_encoding: str | None = None
    ocr_pages: int = 0
    page_count: int = 0
    html: str | None = None
    warnings: list[str] = field(default_factory=list)
    status: str = STATUS_OK
    unread_code: str | None = None
    unread_reason: str | None = None
    ocr_needed: list[int] = field(default_factory=list)
    quality: Quality | None = None

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
        quality = Quality(**data["quality"]) if data.get("quality") else None
        return cls(**{**data, "pages": pages, "quality": quality})


MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "markdown": "text/markdown",
    "text": "text/plain",
    "doc": "application/msword",
    "rtf": "application/rtf",
    "odt": "application/vnd.oasis.opendocument.text",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
}
