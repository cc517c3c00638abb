"""The year argument of the reports pages (dates: ``portal.text.dates``; code lists: ``portal.text.codes``)."""


def year_arg(value, default):
    """A year from the query string, bounded to something sensible."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


__all__ = ["year_arg"]
