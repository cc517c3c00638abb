"""Multi-page scans for the OCR tests: image-only PDF pages of large Vietnamese text (fpdf2 + Pillow)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "extraction"))

from _make_files import QUOC_HIEU, TIEU_NGU, _pdf, scan_image  # noqa: E402

PAGE_WORDS = ("thanh tra", "kiểm tra", "giám sát", "khen thưởng", "kỷ luật", "tiếp dân")


def page_phrase(number):
    """The distinctive line of page ``number``: a word pair and the page number in words that OCR reads well."""
    return f"Trang {number} về công tác {PAGE_WORDS[(number - 1) % len(PAGE_WORDS)]}"


def scan_pdf(path, tmp_dir, pages=3):
    """An image-only PDF of ``pages`` pages, each with its own phrase (page_phrase)."""
    pdf = _pdf()
    for number in range(1, pages + 1):
        png = tmp_dir / f"scan-{number}.png"
        scan_image((QUOC_HIEU, TIEU_NGU, "", page_phrase(number), "Đảng ủy Văn phòng")).save(png)
        pdf.add_page()
        pdf.image(str(png), x=0, y=0, w=210)
    pdf.output(str(path))
    return str(path)
