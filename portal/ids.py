"""Ids and page numbers typed into URLs and forms, checked against what the database can hold (Flask-free)."""

MAX_ID = 2**63 - 1  # the largest BIGINT / SQLite INTEGER
MAX_PAGE = 100_000
MAX_OFFSET = 1_000_000


def id_value(raw):
    """An id: an int in 1..2**63-1 from an int or a string of digits; None when absent or anything else."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 < raw <= MAX_ID else None
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def bounded_int(raw, default, low, high):
    """An int clamped to low..high; ``default`` when absent or not a whole number."""
    text = str(raw).strip() if raw is not None else ""
    if not text.lstrip("+-").isdigit() or not text.isascii() or len(text) > 30:
        return default
    return max(low, min(high, int(text)))


def page_value(raw):
    """A page number: 1..MAX_PAGE, 1 when absent or not a number."""
    return bounded_int(raw, 1, 1, MAX_PAGE)


def offset_value(raw, default=0):
    """An offset: 0..MAX_OFFSET."""
    return bounded_int(raw, default, 0, MAX_OFFSET)
