"""How the portal writes dates and numbers for people, in Vietnamese form, without Flask.

Dates are dd/mm/yyyy and times HH:MM in the office's zone (see `portal.clock`). Numbers have a decimal comma and a
thousands dot ("65,5%", "1.250"), written by Babel in the `vi` locale: this module is Babel's one home. Reading what
people type is `portal.text.quantities` (Babel's parser reads "65.5" as 655). One home for every such rule: templates,
charts, exports, documents and the API's human-readable fields all call these.
"""

from datetime import date, datetime

from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_percent

from portal.clock import to_local

LOCALE = "vi"


def _pattern(digits):
    return "#,##0" + ("." + "#" * digits if digits else "")


def format_number(value, digits=1):
    """1250 -> "1.250", 65.5 -> "65,5" (at most `digits` decimals, none written when zero); "" for None."""
    if value is None or value == "":
        return ""
    return format_decimal(value, format=_pattern(digits), locale=LOCALE)


def format_percent(value, digits=1):
    """A value already in percent (65.5) -> "65,5%"; "" for None."""
    if value is None or value == "":
        return ""
    return _babel_percent(value / 100, format=_pattern(digits) + "%", locale=LOCALE)


def format_ratio(share, digits=0):
    """A share between 0 and 1 (0.2345) -> "23%"."""
    if share is None:
        return ""
    return format_percent(share * 100, digits)


def format_quantity(value, unit=None, digits=1):
    """A value with its unit: ("%", 95) -> "95%", ("hồ sơ", 1250) -> "1.250 hồ sơ"."""
    if value is None:
        return ""
    if unit == "%":
        return format_percent(value, digits)
    return f"{format_number(value, digits)} {unit}" if unit else format_number(value, digits)


def format_date(value):
    """dd/mm/yyyy, or an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = to_local(value).date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def format_datetime(value):
    """dd/mm/yyyy HH:MM in Vietnam time."""
    if not isinstance(value, datetime):
        return format_date(value)
    return to_local(value).strftime("%d/%m/%Y %H:%M")


def format_place_date(place, day):
    """The place and date line of an administrative document: "Lào Cai, ngày 04 tháng 4 năm 2026" (NĐ 30 and
    HD 36: a zero before days under 10 and months under 3); blanks left to fill when the date is not known yet."""
    place = (place or "").strip()
    prefix = f"{place}, " if place else ""
    if not isinstance(day, date):
        return f"{prefix}ngày     tháng     năm     "
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


def shorten(text, limit):
    """Text on one line, cut at a word boundary with "…" when longer than `limit` characters."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"
