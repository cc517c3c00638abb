"""How the portal writes dates and numbers for people, in Vietnamese form, without Flask.

Dates are dd/mm/yyyy and times HH:MM in the office's zone (see `portal.clock`). One home for every such rule: templates,
exports, documents and the API's human-readable fields all call these.
"""

from datetime import date, datetime

from portal.clock import to_local


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


LOCALE = "vi"


def format_number(value, digits=0):
    """A number the Vietnamese way (1.250; 65,5) via Babel; an empty string for None."""
    from babel.numbers import format_decimal

    if value is None or value == "":
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def format_percent(share, digits=0):
    """A share (0.655) as a Vietnamese percentage ("65,5 %" with one digit) via Babel; empty for None."""
    from babel.numbers import format_percent as babel_percent

    if share is None or share == "":
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0%"
    return babel_percent(share, format=pattern, locale=LOCALE)
