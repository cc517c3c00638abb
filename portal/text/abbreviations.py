"""Administrative abbreviations (CCHC <-> cải cách hành chính) for query expansion and index enrichment.

Domain: functions take normalized lowercase syllables, exact ("cđs") or folded ("cds"); matching is done on the
folded form. They return exact lowercase syllables ("cải", "cách", ...; "cđs"), so an exact-field caller uses them as
they are and a folded-field caller folds them. Abbreviations that are also ordinary syllables ("tu" for TU, "du"
for ĐU: "tự", "du lịch") are never expanded from a query, since that would mostly add noise.
"""

from __future__ import annotations

from portal.text.normalize import fold, normalize, syllables
from portal.text.phonology import is_vietnamese_syllable

_SOURCE = (
    ("CCHC", "cải cách hành chính"),
    ("CĐS", "chuyển đổi số"),
    ("TTHC", "thủ tục hành chính"),
    ("UBND", "ủy ban nhân dân"),
    ("HĐND", "hội đồng nhân dân"),
    ("BTV", "ban thường vụ"),
    ("UBKT", "ủy ban kiểm tra"),
    ("ĐU", "đảng ủy"),
    ("ĐUVP", "đảng ủy văn phòng"),
    ("VP", "văn phòng"),
    ("CBCCVC", "cán bộ công chức viên chức"),
    ("CBCC", "cán bộ công chức"),
    ("CB", "cán bộ"),
    ("ĐV", "đảng viên"),
    ("VBQPPL", "văn bản quy phạm pháp luật"),
    ("DVC", "dịch vụ công"),
    ("CSDL", "cơ sở dữ liệu"),
    ("KT-XH", "kinh tế xã hội"),
    ("QP-AN", "quốc phòng an ninh"),
    ("ATTT", "an toàn thông tin"),
    ("BCH", "ban chấp hành"),
    ("TU", "tỉnh ủy"),
    ("TW", "trung ương"),
    ("TTg", "thủ tướng"),
    ("NĐ-CP", "nghị định chính phủ"),
    ("MTTQ", "mặt trận tổ quốc"),
    ("UBMTTQ", "ủy ban mặt trận tổ quốc"),
    ("CNTT", "công nghệ thông tin"),
    ("KHCN", "khoa học công nghệ"),
    ("ĐMST", "đổi mới sáng tạo"),
    ("BCĐ", "ban chỉ đạo"),
    ("QLNN", "quản lý nhà nước"),
    ("CQNN", "cơ quan nhà nước"),
    ("NSNN", "ngân sách nhà nước"),
    ("BCT", "bộ chính trị"),
    ("BBT", "ban bí thư"),
    ("TCCB", "tổ chức cán bộ"),
    ("HCC", "hành chính công"),
)
ABBREVIATIONS: dict[str, str] = {fold(abbr): normalize(full) for abbr, full in _SOURCE}
ABBREVIATION_FORMS: dict[str, str] = {fold(abbr): abbr for abbr, _ in _SOURCE}  # key -> usual spelling ("cds" -> "CĐS")
AMBIGUOUS: frozenset[str] = frozenset(k for k in ABBREVIATIONS if is_vietnamese_syllable(k))

_BY_TOKENS: dict[tuple[str, ...], str] = {}
for _key in ABBREVIATIONS:
    _BY_TOKENS[tuple(_key.split("-"))] = _key
    _BY_TOKENS[(_key.replace("-", ""),)] = _key
_BY_FULL: dict[tuple[str, ...], str] = {tuple(fold(s) for s in syllables(f)): k for k, f in ABBREVIATIONS.items()}
_MAX_FULL = max(len(t) for t in _BY_FULL)


def _match_at(folded: list[str], i: int, table: dict[tuple[str, ...], str], longest: int) -> tuple[str, int] | None:
    """The longest table entry starting at position i, as (key, length)."""
    for n in range(min(longest, len(folded) - i), 0, -1):
        key = table.get(tuple(folded[i : i + n]))
        if key is not None:
            return key, n
    return None


def _rewrite(sylls: list[str], table: dict, longest: int, replace) -> list[str]:
    """Replace every table match in sylls with replace(key) (or keep it when replace returns None)."""
    folded, out, i = [fold(s) for s in sylls], [], 0
    while i < len(sylls):
        found = _match_at(folded, i, table, longest)
        new = replace(found[0]) if found else None
        if new is None:
            out.append(sylls[i])
            i += 1
        else:
            out.extend(new)
            i += found[1]
    return out


def full_form(key: str) -> list[str]:
    """Exact lowercase syllables of an abbreviation's full form ("cchc" -> ["cải", "cách", "hành", "chính"])."""
    return syllables(ABBREVIATIONS[key])


def abbreviation_syllables(key: str) -> list[str]:
    """Exact lowercase syllables of an abbreviation as text tokenizes it ("kt-xh" -> ["kt", "xh"], "cds" -> ["cđs"])."""
    return syllables(ABBREVIATION_FORMS[key])


def expand_query(sylls: list[str]) -> list[list[str]]:
    """Alternatives of a query: as given, abbreviations spelled out, full forms abbreviated (duplicates dropped)."""
    expanded = _rewrite(sylls, _BY_TOKENS, 2, lambda k: None if k in AMBIGUOUS else full_form(k))
    contracted = _rewrite(sylls, _BY_FULL, _MAX_FULL, abbreviation_syllables)
    alternatives: list[list[str]] = []
    for alt in (list(sylls), expanded, contracted):
        if alt not in alternatives:
            alternatives.append(alt)
    return alternatives


expand = expand_query  # the name used in docs/DESIGN.md


def abbreviations_in(sylls: list[str]) -> list[str]:
    """Keys of abbreviations whose full forms occur in the syllables (nested ones too), in order of first occurrence."""
    folded = [fold(s) for s in sylls]
    found: dict[str, None] = {}
    for i in range(len(folded)):
        for n in range(min(_MAX_FULL, len(folded) - i), 1, -1):
            key = _BY_FULL.get(tuple(folded[i : i + n]))
            if key is not None:
                found.setdefault(key)
    return list(found)
