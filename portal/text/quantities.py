"""The one reader of numbers people type, in Vietnamese usage (thousands dot, decimal comma).

| typed | means |
|---|---|
| "1.250", "65.500" | 1250, 65500 (dots group thousands) |
| "1,250", "65,5", "65,5 %", "65,5%" | 1,25 and 65,5 (a comma is the decimal mark) |
| "65.5", "1.5" | 65,5 and 1,5 (a single dot before one or two digits is a decimal typed on an English keyboard) |
| "1.250,5" | 1250,5 |

Anything else is refused with a message that shows the expected form. Babel formats numbers for people
(`portal.formatting`), but its parser reads "65.5" as 655 in `vi`, so it never reads input.
"""

from __future__ import annotations

import re

EXPECTED = "nhập số theo dạng 1.250 hoặc 65,5 (dấu chấm phân cách hàng nghìn, dấu phẩy trước phần thập phân)"
GROUPED = re.compile(r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.250 / 65.500 / 1.250,5
PLAIN = re.compile(r"[-+]?\d+(?:,\d+)?")  # 1250 / 1,25 / 65,5
ENGLISH_DECIMAL = re.compile(r"[-+]?\d+\.\d{1,2}")  # 65.5 / 1.5 / 1.25 (one dot, one or two digits after)
PERCENT = re.compile(r"\s*(?:%|phần trăm)\s*$", re.IGNORECASE)


class QuantityError(ValueError):
    """A typed number that does not read; `message` is Vietnamese and shows the expected form."""

    def __init__(self, raw, label=""):
        self.raw = raw
        what = f"Giá trị {label} " if label else "Giá trị "
        self.message = f"{what}“{raw}” không đọc được thành số; {EXPECTED}."
        super().__init__(self.message)


def parse_quantity(raw, label: str = "") -> float:
    """A typed number -> float, per the table above; numbers pass through. Raises QuantityError otherwise.

    A trailing "%" (or "phần trăm") is allowed and dropped: the target says which unit the number is in.
    """
    if isinstance(raw, bool):
        raise QuantityError(raw, label)
    if isinstance(raw, (int, float)):
        return float(raw)
    text = PERCENT.sub("", str(raw or "").strip()).strip()
    if GROUPED.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    if ENGLISH_DECIMAL.fullmatch(text):
        return float(text)
    raise QuantityError(raw, label)
