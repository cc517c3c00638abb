"""Extraction quality of one file: the numbers to store per version and the "poor text" verdict with its reason."""

from portal.text.legacy import detect_and_convert
from portal.text.phonology import valid_syllable_share

from .result import STATUS_OCR_PENDING, STATUS_UNREAD, Page, Quality

MIN_VALID_SHARE = 0.6
MIN_OCR_CONFIDENCE = 60.0
MIN_WORDS = 20  # below this the syllable share says little


def assess_pages(
    pages: list[Page], page_count: int | None = None, *, pending: list[int] = (), unread_reason: str | None = None
) -> Quality:
    """Quality of a file from its pages; pages still waiting for OCR (`pending`) are not counted as empty."""
    text = "\n\n".join(p.text for p in pages)
    words, share = valid_syllable_share(text)
    confidences = [p.confidence for p in pages if p.is_ocr and p.confidence is not None]
    quality = Quality(
        pages=page_count or len(pages),
        characters=len(text),
        words=words,
        valid_syllable_share=round(share, 3),
        ocr_pages=sum(1 for p in pages if p.is_ocr),
        ocr_confidence=round(sum(confidences) / len(confidences), 1) if confidences else None,
        empty_pages=[p.number for p in pages if not p.text.strip() and p.number not in pending],
    )
    reasons = _reasons(quality, text, unread_reason)
    quality.poor, quality.reason = bool(reasons), "; ".join(reasons) or None
    return quality


def assess(result) -> Quality:
    """Quality of an ExtractionResult (also stored on it by the extraction worker)."""
    pending = result.ocr_needed if result.status == STATUS_OCR_PENDING else []
    unread = result.unread_reason if result.status == STATUS_UNREAD else None
    return assess_pages(result.pages, result.page_count, pending=pending, unread_reason=unread)


def _reasons(q: Quality, text: str, unread_reason: str | None) -> list[str]:
    """Vietnamese reasons why the text is poor (empty list: it is fine)."""
    if unread_reason:
        return [unread_reason]
    reasons = []
    if q.ocr_confidence is not None and q.ocr_confidence < MIN_OCR_CONFIDENCE:
        reasons.append(
            f"nhận dạng chữ (OCR) kém, độ tin cậy trung bình {q.ocr_confidence:.0f}/100: "
            "bản quét cần quét lại rõ hơn (300 dpi)"
        )
    if q.words >= MIN_WORDS and q.valid_syllable_share < MIN_VALID_SHARE:
        share = f"{q.valid_syllable_share * 100:.0f} %"
        if detect_and_convert(text)[1]:
            reasons.append(f"phông chữ cũ (TCVN3/VNI) chưa chuyển đổi: chỉ {share} từ đọc được là tiếng Việt")
        else:
            reasons.append(f"chỉ {share} từ là âm tiết tiếng Việt hợp lệ: chữ bị lỗi phông hoặc nhận dạng sai")
    if q.empty_pages:
        listed = ", ".join(str(n) for n in q.empty_pages[:10]) + ("…" if len(q.empty_pages) > 10 else "")
        reasons.append(f"trang {listed} không có chữ: bản quét cần quét lại hoặc cần nhận dạng chữ lại")
    return reasons
