"""Photos and scans (JPEG, PNG, TIFF with several pages): checked by their declared size, then OCR'd like scans."""

import time

from . import ocr as ocr_mod
from .clean import clean_text
from .messages import fail, unread_reason
from .result import MIME, STATUS_OCR_PENDING, STATUS_UNREAD, ExtractionResult, Page

MAX_PIXELS = 80_000_000  # an A3 page at 600 dpi is 70 MP; a phone photo 12-50 MP
MAX_FRAMES = 500
OCR_MIN_SECONDS = 3.0


def open_image(path: str):
    """Open lazily and check dimensions and frame count before any pixel is decoded (decompression bombs)."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # open() reads only the header; we check the size ourselves, with a message
    try:
        image = Image.open(path)
        width, height = image.size
        frames = getattr(image, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise fail("corrupt", "corrupt_image") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard stays on for decoding
    if width * height > MAX_PIXELS:
        image.close()
        raise fail("too_large", "image_too_large", width=width, height=height, max_pixels=MAX_PIXELS // 1_000_000)
    if frames > MAX_FRAMES:
        image.close()
        raise fail("too_large", "too_many_pages", pages=frames, max_pages=MAX_FRAMES)
    return image, frames


def extract_image(
    path: str, kind: str, *, ocr: bool = True, deadline: float | None = None, defer_ocr: bool = False
) -> ExtractionResult:
    """A page per frame, OCR'd now or left for the background (status "ocr_pending")."""
    status = ocr_mod.ocr_status()
    if not status.available and "pillow" in status.missing:
        return _unread(kind, 1, "ocr_unavailable", status)  # without Pillow we cannot even count the pages
    image, frames = open_image(path)
    image.close()
    result = ExtractionResult(kind=kind, mime=MIME[kind], page_count=frames)
    numbers = list(range(1, frames + 1))
    if not ocr or not status.available:
        return _unread(kind, frames, "ocr_unavailable" if ocr else "ocr_off", status)
    if defer_ocr:
        result.status, result.ocr_needed = STATUS_OCR_PENDING, numbers
        result.pages = [Page(n, "") for n in numbers]
        return result
    result.pages = [Page(n, "") for n in numbers]
    for n in numbers:
        if deadline is not None and deadline - time.monotonic() < OCR_MIN_SECONDS:
            result.status, result.ocr_needed = STATUS_OCR_PENDING, numbers[n - 1 :]  # the rest in the background
            break
        result.pages[n - 1] = ocr_frame(path, n, deadline)
    result.ocr_pages = sum(1 for p in result.pages if p.is_ocr)
    if result.status == STATUS_OCR_PENDING:
        return result
    if not any(p.text for p in result.pages):
        raise fail("empty", "empty_scan_ocr_failed")
    return result


def ocr_frame(path: str, number: int, deadline: float | None = None) -> Page:
    """OCR frame `number` (1-based) of an image file; an empty page when nothing was recognised."""
    from PIL import ImageOps

    timeout = ocr_mod.PAGE_TIMEOUT if deadline is None else min(ocr_mod.PAGE_TIMEOUT, deadline - time.monotonic())
    if timeout <= 1:
        return Page(number, "")
    image, frames = open_image(path)
    with image:
        if not 1 <= number <= frames:
            raise ValueError(f"frame {number} out of 1..{frames}")
        image.seek(number - 1)
        if image.width * image.height > MAX_PIXELS:
            raise fail(
                "too_large",
                "image_too_large",
                width=image.width,
                height=image.height,
                max_pixels=MAX_PIXELS // 1_000_000,
            )
        try:
            frame = ImageOps.exif_transpose(image)  # phone photos carry their rotation in EXIF
            text, confidence = ocr_mod.ocr_image(frame, timeout)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - an unreadable frame stays empty (the file-level check reports it)
            return Page(number, "")
    text = clean_text(text)
    return Page(number, text, is_ocr=bool(text), confidence=confidence if text else None)


def _unread(kind: str, frames: int, code: str, status) -> ExtractionResult:
    """Stored, not read: OCR cannot run here (or is switched off)."""
    reason = unread_reason(code, missing=status.missing_text)
    return ExtractionResult(
        kind=kind,
        mime=MIME[kind],
        page_count=frames,
        status=STATUS_UNREAD,
        unread_code=code,
        unread_reason=reason,
        ocr_needed=list(range(1, frames + 1)),
        warnings=[reason],
    )
