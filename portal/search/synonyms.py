"""Synonyms applied at query time: "VNeID = định danh điện tử", "một cửa = bộ phận tiếp nhận và trả kết quả".

The list is plain data (one entry a line, forms separated by "="), so the secretariat can keep it in the database and
hand the current lines to the search: nothing is stored in the index, and editing the list needs no rebuild.

    syn = SynonymSet.from_lines(["VNeID = định danh điện tử", "# a comment", "ô tô công = xe công = tài sản công"])
    syn.expansions(["đăng", "nhập", "vneid"])   # -> [["định", "danh", "điện", "tử"]]

Matching is on folded syllables (with or without diacritics as typed, any case), longest form first, and never inside
a longer match. The forms returned are the exact normalized syllables written in the list, so exact-field callers use
them as they are and folded-field callers fold them. ``DEFAULT_LINES`` (``portal.search.synonym_defaults``) is the list
shipped with the portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from portal.text import fold, syllables

MAX_FORM_SYLLABLES = 12
MAX_LINES = 2000


class SynonymError(ValueError):
    """A line of the synonym list that cannot be read; ``message`` is Vietnamese, for the admin page."""

    def __init__(self, line_no: int, message: str):
        super().__init__(f"Dòng {line_no}: {message}")
        self.line_no = line_no
        self.message = f"Dòng {line_no}: {message}"


def parse_line(line: str, line_no: int = 1) -> list[list[str]] | None:
    """The forms of one line as exact syllable lists, or None for a blank line or a comment (``#``).

    Raises ``SynonymError`` for a line with fewer than two forms, an empty form or an over-long one.
    """
    text = (line or "").strip()
    if not text or text.startswith("#"):
        return None
    parts = [p.strip() for p in text.split("=")]
    if len(parts) < 2:
        raise SynonymError(line_no, "cần ít nhất hai cách gọi, ngăn cách bằng dấu “=”.")
    forms: list[list[str]] = []
    for part in parts:
        sylls = syllables(part)
        if not sylls:
            raise SynonymError(line_no, "có một cách gọi để trống.")
        if len(sylls) > MAX_FORM_SYLLABLES:
            raise SynonymError(line_no, "một cách gọi dài quá %d âm tiết." % MAX_FORM_SYLLABLES)
        if all(fold(" ".join(sylls)) != fold(" ".join(f)) for f in forms):
            forms.append(sylls)
    if len(forms) < 2:
        raise SynonymError(line_no, "các cách gọi trùng nhau.")
    return forms


@dataclass
class SynonymSet:
    """Groups of equivalent forms; ``expansions`` finds the forms in a query and returns the other forms."""

    groups: list[list[list[str]]] = field(default_factory=list)
    _by_form: dict = field(default_factory=dict, repr=False)
    _longest: int = field(default=0, repr=False)

    def __post_init__(self):
        self._by_form = {}
        for gi, forms in enumerate(self.groups):
            for fi, form in enumerate(forms):
                self._by_form.setdefault(tuple(fold(s) for s in form), []).append((gi, fi))
        self._longest = max((len(k) for k in self._by_form), default=0)

    @classmethod
    def from_lines(cls, lines, strict: bool = False) -> SynonymSet:
        """A set from text lines ("a = b = c"; ``#`` comments and blank lines skipped).

        Unreadable lines are skipped, or raise ``SynonymError`` with ``strict`` (the admin page validates with it).
        Entries sharing a form are kept separate: a form expands to the other forms of every entry it is in.
        """
        if isinstance(lines, str):
            lines = lines.splitlines()
        groups = []
        for no, line in enumerate(list(lines)[:MAX_LINES], start=1):
            try:
                forms = parse_line(line, no)
            except SynonymError:
                if strict:
                    raise
                continue
            if forms:
                groups.append(forms)
        return cls(groups)

    def __len__(self) -> int:
        return len(self.groups)

    def matches(self, sylls: list[str]) -> list[tuple[int, int, list[list[str]]]]:
        """(start, end, other forms) for each form found in ``sylls`` (longest first, no overlaps)."""
        if not self._by_form or not sylls:
            return []
        folded = [fold(s) for s in sylls]
        out, i = [], 0
        while i < len(folded):
            for n in range(min(self._longest, len(folded) - i), 0, -1):
                hits = self._by_form.get(tuple(folded[i : i + n]))
                if hits:
                    others = []
                    for gi, fi in hits:
                        for fj, form in enumerate(self.groups[gi]):
                            if fj != fi and form not in others:
                                others.append(form)
                    out.append((i, i + n, others))
                    i += n
                    break
            else:
                i += 1
        return out

    def expansions(self, sylls: list[str]) -> list[list[str]]:
        """The other forms of every form found in ``sylls``, each an exact syllable list, without repeats."""
        seen: list[list[str]] = []
        for _, _, others in self.matches(sylls):
            for form in others:
                if form not in seen:
                    seen.append(form)
        return seen

    def expand_text(self, text: str) -> str:
        """``text`` followed by the other forms of the forms it contains (for bag-of-words rankers)."""
        extra = self.expansions(syllables(text))
        return text if not extra else text + " . " + " . ".join(" ".join(f) for f in extra)


@lru_cache(maxsize=16)
def _cached(lines: tuple[str, ...]) -> SynonymSet:
    return SynonymSet.from_lines(lines)


def synonym_set(lines=None) -> SynonymSet:
    """The ``SynonymSet`` of ``lines`` (the shipped defaults when None), parsed once per distinct list."""
    if isinstance(lines, SynonymSet):
        return lines
    if lines is None:
        from portal.search.synonym_defaults import DEFAULT_LINES

        lines = DEFAULT_LINES
    if isinstance(lines, str):
        lines = lines.splitlines()
    return _cached(tuple(lines))
