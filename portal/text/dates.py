"""Vietnamese dates in documents: "Lào Cai, ngày 12 tháng 5 năm 2026", "ngày 04/4/2026", "tháng 5/2026"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from portal.text.normalize import fold_aligned, normalize

_SP = r"[ \t]*"
_WORDED = re.compile(
    rf"(?<![a-z])ngay{_SP}(?P<d>\d{{1,2}})?{_SP}thang{_SP}(?P<m>\d{{1,2}})?{_SP}nam{_SP}(?P<y>\d{{4}})(?!\d)"
)
_NUMERIC = re.compile(
    rf"(?:(?<![a-z])ngay{_SP})?(?<![\d/])(?P<d>\d{{1,2}}){_SP}[/.-]{_SP}(?P<m>\d{{1,2}}){_SP}[/.-]{_SP}(?P<y>\d{{4}})(?!\d)"
)
_MONTH = re.compile(rf"(?<![a-z])thang{_SP}(?P<m>\d{{1,2}}){_SP}(?:/|nam){_SP}(?P<y>\d{{4}})(?!\d)")
_PATTERNS = (_WORDED, _NUMERIC, _MONTH)
_AFTER = re.compile(
    rf"{_SP},?{_SP}(?:(?<![a-z])ngay{_SP}\d{{1,2}}{_SP}thang{_SP}\d{{1,2}}{_SP}nam{_SP}\d{{4}}"
    rf"|(?<![a-z])ngay{_SP}\d{{1,2}}{_SP}[/.-]{_SP}\d{{1,2}}{_SP}[/.-]{_SP}\d{{4}})(?!\d)"
)
_PLACE = re.compile(r"([^\W\d_][^,\n]{0,40}?)[ \t]*,[ \t]*$")


@dataclass(frozen=True)
class PartialDate:
    """A date as written: any part may be missing in a draft ("ngày   tháng 5 năm 2026")."""

    year: int | None
    month: int | None
    day: int | None
    place: str | None = None

    def as_date(self) -> date | None:
        """The date, or None unless year, month and day are all known."""
        if self.year and self.month and self.day:
            return date(self.year, self.month, self.day)
        return None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    """True if the parts that are present form a possible date."""
    if not 1900 <= year <= 2100 or month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    return month is not None and 1 <= day <= calendar.monthrange(year, month)[1]


def _from_match(m: re.Match, place: str | None = None) -> PartialDate | None:
    """Build a PartialDate from a match with groups d (optional), m and y."""
    groups = m.groupdict()
    day = int(groups["d"]) if groups.get("d") else None
    month = int(groups["m"]) if groups.get("m") else None
    year = int(groups["y"])
    return PartialDate(year, month, day, place) if _valid(year, month, day) else None


def _place_before(text: str, start: int) -> str | None:
    """The place name written before ", ngày" on the same line, if any."""
    line = text[text.rfind("\n", 0, start) + 1 : start]
    m = _PLACE.search(line)
    return m.group(1).strip() if m and m.group(1)[0].isupper() else None


def parse_vn_date(s: str) -> PartialDate | None:
    """Find the first Vietnamese date in s (full, partial or draft) with the place written before it."""
    text = normalize(s)
    folded = fold_aligned(text)
    found = [m for m in (p.search(folded) for p in _PATTERNS) if m]
    if not found:
        return None
    m = min(found, key=lambda x: (x.start(), -x.end()))
    return _from_match(m, _place_before(text, m.start()))


def match_date(text: str, pos: int) -> tuple[PartialDate, int] | None:
    """A "ngày ..." date starting at pos in normalized text (after spaces or a comma), with where it ends."""
    folded = fold_aligned(text[pos : pos + 48])
    m = _AFTER.match(folded)
    if not m:
        return None
    found = parse_vn_date(text[pos : pos + m.end()])
    return (found, pos + m.end()) if found else None


def format_vn_date(d: date | None) -> str:
    """Format a date as dd/mm/yyyy ("12/05/2026"); empty for None."""
    return d.strftime("%d/%m/%Y") if d else ""


_TYPED_DAY_FIRST = re.compile(r"(\d{1,2})[ \t]*[/.-][ \t]*(\d{1,2})[ \t]*[/.-][ \t]*(\d{4})")
_TYPED_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
EXPECTED_FORM = "ngày/tháng/năm (dd/mm/yyyy), ví dụ 31/12/2026"


def parse_user_date(value, label: str = "Ngày", *, required: bool = False) -> date | None:
    """The one parser of dates people type: dd/mm/yyyy (also d/m/yyyy, with "." or "-"), ISO yyyy-mm-dd from the API,
    or a full worded date ("ngày 12 tháng 5 năm 2026"). A date passes through; empty is None (or refused when
    ``required``); anything else raises ``ValidationFailed`` with a Vietnamese message showing the expected form.
    """
    from portal.errors import ValidationFailed

    if isinstance(value, date):
        return value
    text = " ".join(str(value or "").split())
    name = label[:1].upper() + label[1:]
    if not text:
        if required:
            raise ValidationFailed(f"Chưa nhập {label[:1].lower() + label[1:]}; nhập theo dạng {EXPECTED_FORM}.")
        return None
    parts = None
    if match := _TYPED_DAY_FIRST.fullmatch(text):
        parts = int(match.group(3)), int(match.group(2)), int(match.group(1))
    elif match := _TYPED_ISO.fullmatch(text):
        parts = int(match.group(1)), int(match.group(2)), int(match.group(3))
    elif (worded := parse_vn_date(text)) is not None and worded.as_date() is not None:
        if _WORDED.fullmatch(fold_aligned(normalize(text)).strip()):
            parts = worded.year, worded.month, worded.day
    if parts is not None and _valid(*parts):
        return date(*parts)
    raise ValidationFailed(f"{name} không hợp lệ: “{text}”. Nhập theo dạng {EXPECTED_FORM}.")
