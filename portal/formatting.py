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
