"""Lists of codes typed by people or sent by the API: "II.1.1, II.2.3", one per line, or repeated form fields."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SEPARATORS = re.compile(r"[,;\n]")


def code_list(values: str | Iterable[str] | None) -> list[str]:
    """The codes, in the order given, without blanks: from text separated by commas, semicolons or new lines, or from
    a list of such texts (repeated form fields ``tasks=II.1.1&tasks=II.2.3,II.2.4``)."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out = []
    for value in values:
        out += [item.strip() for item in _SEPARATORS.split(str(value or "")) if item.strip()]
    return out
