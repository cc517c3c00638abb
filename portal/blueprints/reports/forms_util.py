"""Small parsers for the reports forms: dates and code lists, with Vietnamese messages."""

from datetime import date, datetime

from ...errors import ValidationFailed


def parse_date(value, label, required=False):
    """'dd/mm/yyyy' or ISO 'yyyy-mm-dd' -> date; None when empty and optional."""
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationFailed(f"Cần nhập {label} (dd/mm/yyyy).")
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationFailed(f"{label[:1].upper() + label[1:]} không đúng dạng ngày dd/mm/yyyy: “{value}”.")


def code_list(values):
    """Repeated fields or comma lists -> codes, in order, without blanks."""
    out = []
    for value in values:
        out += [c.strip() for c in (value or "").split(",") if c.strip()]
    return out


def year_arg(value, default):
    """A year from the query string, bounded to something sensible."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


__all__ = ["parse_date", "code_list", "year_arg", "date"]
