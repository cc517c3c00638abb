"""Vietnamese document numbers (số/ký hiệu): parsing, normalized keys, query reading and citations in running text.

Keys are folded, uppercase, with the serial's leading zeros stripped, parts joined by "-" in the order
serial, year, type, issuer: "21-CT/TU", "21/CT-TU", "số 21-CT/TƯ" all give "21-CT-TU"; "06/QĐ-TTg" gives "6-QD-TTG";
"91/2016/NĐ-CP" gives "91-2016-ND-CP".

Partial matching scheme: a document is indexed under every key in partial_keys(number): its full key, then
"SERIAL-TYPE" ("21-CT", "6-QD") and, for state numbers with a year, "SERIAL-YEAR-TYPE" ("91-2016-ND"). A query is read
by query_number_keys(); each NumberQuery's lookup_key is its full key, or "SERIAL-TYPE" when only a type and serial
were given ("chỉ thị 21" -> "21-CT", "QĐ 06" -> "6-QD"), so lookup_key is always one of the indexed keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portal.text.dates import match_date
from portal.text.normalize import fold, fold_aligned, normalize

_TYPES = (  # (type code, portal document type, name)
    ("CT", "chi_thi", "chỉ thị"),
    ("NQ", "nghi_quyet", "nghị quyết"),
    ("KL", "ket_luan", "kết luận"),
    ("QĐ", "quyet_dinh", "quyết định"),
    ("KH", "ke_hoach", "kế hoạch"),
    ("BC", "bao_cao", "báo cáo"),
    ("HD", "huong_dan", "hướng dẫn"),
    ("TB", "thong_bao", "thông báo"),
    ("CV", "cong_van", "công văn"),
    ("TTr", "to_trinh", "tờ trình"),
    ("QĐi", "quy_dinh", "quy định"),
    ("CTr", "chuong_trinh", "chương trình"),
)
TYPE_CODES: dict[str, str] = {code: doc_type for code, doc_type, _ in _TYPES}
TYPE_NAMES: dict[str, tuple[str, str]] = {  # folded name or abbreviation -> (document type, type code)
    **{fold(name): (doc_type, code) for code, doc_type, name in _TYPES},
    **{fold(code): (doc_type, code) for code, doc_type, _ in _TYPES},
}
_CANONICAL = {fold(code).upper(): code for code in TYPE_CODES} | {"ND": "NĐ", "TTLT": "TTLT", "TT": "TT"}

_DASH = "[-\u2010\u2011\u2013\u2014]"
_SP = r"[ \t]*"
_CODE = r"[^\W\d_]{1,10}"
_ISSUER = rf"{_CODE}(?:{_DASH}{_CODE}){{0,2}}"
_END = r"(?![\w/])"
_PARTY = re.compile(
    rf"(?<![\w/])(?P<serial>\d{{1,5}}){_SP}{_DASH}{_SP}(?P<type>{_CODE}){_SP}/{_SP}(?P<issuer>{_ISSUER}){_END}"
)
_STATE = re.compile(
    rf"(?<![\w/.])(?P<serial>\d{{1,5}}){_SP}/{_SP}(?:(?P<year>(?:19|20)\d\d){_SP}/{_SP})?"
    rf"(?P<type>{_CODE}){_SP}{_DASH}{_SP}(?P<issuer>{_ISSUER}){_END}"
)
_DRAFT_PARTY = re.compile(
    rf"(?<!\w)(?i:số){_SP}:?{_SP}{_DASH}{_SP}(?P<type>{_CODE}){_SP}/{_SP}(?P<issuer>{_ISSUER}){_END}"
)
_DRAFT_STATE = re.compile(
    rf"(?<!\w)(?i:số){_SP}:?{_SP}/{_SP}(?:(?P<year>(?:19|20)\d\d){_SP}/{_SP})?"
    rf"(?P<type>{_CODE}){_SP}{_DASH}{_SP}(?P<issuer>{_ISSUER}){_END}"
)
_LOOSE = re.compile(
    rf"\s*(?:(?i:số)\s*:?\s*)?(?P<serial>\d{{1,5}})[\s/-]+(?P<type>{_CODE})[\s/-]+(?P<issuer>{_CODE})\s*"
)
_FORMS = (
    (_PARTY, "party", False),
    (_STATE, "state", False),
    (_DRAFT_PARTY, "party", True),
    (_DRAFT_STATE, "state", True),
)

_NAME_ALTS = "|".join(sorted((re.escape(k) for k in TYPE_NAMES), key=len, reverse=True))
_CODE_ALTS = "|".join(sorted((re.escape(fold(c)) for c in TYPE_CODES), key=len, reverse=True))
_NAME_SERIAL = re.compile(rf"(?<![a-z0-9])(?P<name>{_NAME_ALTS}){_SP}(?:so{_SP}:?{_SP})?(?P<serial>\d{{1,5}})(?![\w/])")
_SERIAL_CODE = re.compile(rf"(?<![\w/])(?P<serial>\d{{1,5}}){_SP}[- ]{_SP}(?P<name>{_CODE_ALTS})(?![\w/])")
_SO_BEFORE = re.compile(rf"(?<![a-z])so{_SP}:?{_SP}$")
_NAME_BEFORE = re.compile(rf"(?<![a-z0-9])(?P<name>{_NAME_ALTS}){_SP}(?:so{_SP}:?{_SP})?$")


@dataclass(frozen=True)
class DocNumber:
    """A parsed số/ký hiệu; key is None for a draft without a serial."""

    number: str
    key: str | None
    serial: str | None
    type_code: str
    issuer_code: str
    year: int | None
    is_draft: bool
    form: str  # "party" (83-KH/ĐU) or "state" (06/QĐ-TTg)


@dataclass(frozen=True)
class NumberQuery:
    """What part of a search query means as a document number; span indexes into normalize(query)."""

    key: str | None
    serial: str
    type_code: str | None
    span: tuple[int, int]
    raw: str

    @property
    def lookup_key(self) -> str:
        """The index key to look up: the full key, or "SERIAL-TYPE" for a partial query."""
        return self.key or f"{_serial_key(self.serial)}-{fold(self.type_code or '').upper()}"


@dataclass(frozen=True)
class CitationRef:
    """A reference by number in running text; start/end index into normalize(text)."""

    raw: str
    number: str
    key: str
    doc_type: str | None
    issued_on: date | None
    issuer: str | None
    start: int
    end: int


def _serial_key(serial: str) -> str:
    """The serial without leading zeros ("06" -> "6")."""
    return serial.lstrip("0") or "0"


def _canonical_type(code: str) -> str:
    """Known type codes in their usual spelling ("qđ" -> "QĐ", "QDI" -> "QĐi"); others uppercased if lowercase."""
    known = _CANONICAL.get(fold(code).upper())
    return known or (code.upper() if code.islower() else code)


def _key(serial: str | None, year: int | None, type_code: str, issuer: str) -> str | None:
    """The normalized key for these parts, or None without a serial."""
    if not serial:
        return None
    parts = [_serial_key(serial), str(year) if year else "", fold(type_code).upper(), fold(issuer).upper()]
    return "-".join(p for p in parts if p)


def _build(form: str, serial: str | None, year: int | None, type_code: str, issuer: str) -> DocNumber:
    """Assemble a DocNumber with its display form and key."""
    type_code = _canonical_type(type_code)
    issuer = re.sub(_DASH, "-", issuer.upper() if issuer.islower() else issuer)
    s = serial or ""
    if form == "party":
        number = f"{s}-{type_code}/{issuer}"
    else:
        number = f"{s}/{str(year) + '/' if year else ''}{type_code}-{issuer}"
    return DocNumber(
        number, _key(serial, year, type_code, issuer), serial, type_code, issuer, year, serial is None, form
    )


def _from_match(m: re.Match, form: str) -> DocNumber:
    """A DocNumber from a match of one of the number patterns."""
    g = m.groupdict()
    year = int(g["year"]) if g.get("year") else None
    return _build(form, g.get("serial"), year, g["type"], g["issuer"])


def _iter_numbers(text: str, drafts: bool = True) -> list[tuple[re.Match, DocNumber]]:
    """All numbers in normalized text, in order, without overlaps."""
    found = []
    for pattern, form, is_draft in _FORMS:
        if is_draft and not drafts:
            continue
        found += [(m, _from_match(m, form)) for m in pattern.finditer(text)]
    found.sort(key=lambda x: (x[0].start(), -x[0].end()))
    result, last_end = [], -1
    for m, num in found:
        if m.start() >= last_end:
            result.append((m, num))
            last_end = m.end()
    return result


def _parse_loose(text: str) -> DocNumber | None:
    """A whole string like "21 CT TU" whose type is a known code."""
    m = _LOOSE.fullmatch(text)
    if not m or fold(m.group("type")).upper() not in {fold(c).upper() for c in TYPE_CODES}:
        return None
    return _build("party", m.group("serial"), None, m.group("type"), m.group("issuer"))


def parse_number(s: str) -> DocNumber | None:
    """Find the first document number in s ("Số: 83-KH/ĐU", "Số 06/QĐ-TTg", "Số - KH/ĐU" as a draft)."""
    text = normalize(s)
    found = _iter_numbers(text)
    return found[0][1] if found else _parse_loose(text)


def number_key(s: str) -> str | None:
    """The normalized key of the first number in s, or None (also for drafts)."""
    num = parse_number(s)
    return num.key if num else None


def partial_keys(number: str | DocNumber) -> list[str]:
    """Keys a document with this number is indexed under: full key, "SERIAL-TYPE" and, with a year, "SERIAL-YEAR-TYPE"."""
    num = parse_number(number) if isinstance(number, str) else number
    if num is None or num.key is None:
        return []
    serial, type_key = _serial_key(num.serial or ""), fold(num.type_code).upper()
    keys = [num.key, f"{serial}-{type_key}"]
    if num.year:
        keys.append(f"{serial}-{num.year}-{type_key}")
    return list(dict.fromkeys(keys))


def lookup_type(name: str) -> tuple[str, str] | None:
    """(document type, type code) for a type name or abbreviation ("chỉ thị", "chi thi", "QĐ", "qd")."""
    return TYPE_NAMES.get(fold(name).strip())


def _full_queries(text: str, folded: str) -> list[NumberQuery]:
    """NumberQuery items for full numbers in a normalized query, with a preceding "số" in the span."""
    out = []
    for m, num in _iter_numbers(text, drafts=False):
        so = _SO_BEFORE.search(folded, 0, m.start())
        start = so.start() if so else m.start()
        out.append(NumberQuery(num.key, num.serial or "", num.type_code, (start, m.end()), text[start : m.end()]))
    return out


def _partial_queries(text: str, folded: str, taken: list[tuple[int, int]]) -> list[NumberQuery]:
    """NumberQuery items for a type with a serial ("chỉ thị 21", "QĐ 06", "21-CT") outside the taken spans."""
    out = []
    for pattern in (_NAME_SERIAL, _SERIAL_CODE):
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            code = TYPE_NAMES[m.group("name")][1]
            out.append(NumberQuery(None, m.group("serial"), code, m.span(), text[m.start() : m.end()]))
            taken.append(m.span())
    return out


def query_number_keys(q: str) -> list[NumberQuery]:
    """Read a search query as document numbers: full numbers and type-plus-serial partial numbers, in order."""
    text = normalize(q)
    folded = fold_aligned(text)
    full = _full_queries(text, folded)
    partial = _partial_queries(text, folded, [nq.span for nq in full])
    return sorted(full + partial, key=lambda nq: nq.span)


_ISSUER_STOP = frozenset(
    (  # lowercase syllables that end an issuer name ("... Tỉnh ủy về việc")
        "về và đến trong nhằm theo ngày tại đối với để cho trên bằng thì là đã sẽ được gắn kèm số khi mà do từ "
        "nhưng tháng năm"
    ).split()
)
_OF = re.compile(r"\s*,?\s*của[ \t]+")
_TRAILING_PUNCT = ",;:.!?)(\"'“”]["


def _type_before(text: str, pos: int) -> tuple[int, str | None]:
    """Start of a type name ("Chỉ thị số ") just before pos, and its document type."""
    lo = max(0, pos - 24)
    m = _NAME_BEFORE.search(fold_aligned(text[lo:pos]))
    if not m:
        return pos, None
    return lo + m.start(), TYPE_NAMES[m.group("name")][0]


def _issuer_after(text: str, pos: int) -> tuple[str | None, int]:
    """The issuer in "... của Ban Thường vụ Tỉnh ủy" after pos (up to 8 words), and where it ends."""
    m = _OF.match(text, pos)
    if not m or not text[m.end() : m.end() + 1].isupper():
        return None, pos
    words, end = [], m.end()
    for w in re.finditer(r"[^ \t\n]+", text[m.end() : m.end() + 120].split("\n")[0]):
        word = w.group().rstrip(_TRAILING_PUNCT)
        if len(words) == 8 or not word or word.lower() in _ISSUER_STOP:
            break
        words.append(word)
        end = m.end() + w.start() + len(word)
        if word != w.group():
            break
    return (" ".join(words), end) if words else (None, pos)


def _completeness(ref: CitationRef) -> int:
    """How many optional parts a citation has."""
    return sum(x is not None for x in (ref.doc_type, ref.issued_on, ref.issuer))


def _dedupe(refs: list[CitationRef]) -> list[CitationRef]:
    """One citation per key: the most complete, the first among equals; in text order."""
    best: dict[str, CitationRef] = {}
    for ref in refs:
        if ref.key not in best or _completeness(ref) > _completeness(best[ref.key]):
            best[ref.key] = ref
    return sorted(best.values(), key=lambda r: r.start)


def _citation(text: str, m: re.Match, num: DocNumber) -> CitationRef:
    """Build a citation around one number: type name before, date and issuer after."""
    start, doc_type = _type_before(text, m.start())
    end, issued_on = m.end(), None
    found = match_date(text, end)
    if found:
        issued_on, end = found[0].as_date(), found[1]
    issuer, end = _issuer_after(text, end)
    doc_type = doc_type or TYPE_CODES.get(num.type_code)
    return CitationRef(text[start:end], num.number, num.key or "", doc_type, issued_on, issuer, start, end)


def find_citations(text: str, exclude_key: str | None = None) -> list[CitationRef]:
    """Documents cited by number in text, one per key; exclude_key (a key or a number) skips the document itself."""
    text = normalize(text)
    exclude = (number_key(exclude_key) or fold(exclude_key).upper()) if exclude_key else None
    refs = [_citation(text, m, num) for m, num in _iter_numbers(text, drafts=False) if num.key != exclude]
    return _dedupe(refs)


_PARTY_FORM = re.compile(rf"^\s*\d*{_SP}{_DASH}{_SP}{_CODE}{_SP}/")


def number_line(number: str | None) -> str:
    """The "Số" line of a header: Party documents (HD 36-HD/VPTW) "Số 25-BC/ĐU" without a colon, State documents
    (NĐ 30/2020/NĐ-CP) "Số: 25/BC-UBND". A number without its serial yet ("-BC/ĐU") keeps room for it."""
    text = (number or "").strip()
    text = re.sub(r"^(?i:số)\s*:?\s*", "", text)
    if not text:
        return "Số:"
    if _PARTY_FORM.match(text):
        return f"Số {'    ' if text[:1] in '-‐‑–—' else ''}{text}"
    return f"Số: {'    ' if text.startswith('/') else ''}{text}"


def is_party_number(number: str | None) -> bool:
    """Whether a số/ký hiệu has the Party form ("25-BC/ĐU") rather than the State one ("25/BC-UBND")."""
    text = re.sub(r"^(?i:số)\s*:?\s*", "", (number or "").strip())
    return bool(text) and _PARTY_FORM.match(text) is not None
