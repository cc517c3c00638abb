"""Header metadata: what an office registers from a document's first and last parts (Party HD 36, State NĐ 30)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from portal.text import fold, normalize
from portal.text.dates import parse_vn_date
from portal.text.numbers import TYPE_CODES, parse_number

MOTTO = re.compile(
    r"ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc",
    re.IGNORECASE,
)
STAMPS = {
    "tuyet mat": ("secrecy", "tuyet_mat"),
    "toi mat": ("secrecy", "toi_mat"),
    "mat": ("secrecy", "mat"),
    "thuong khan": ("urgency", "thuong_khan"),
    "khan": ("urgency", "khan"),
    "hoa toc": ("urgency", "hoa_toc"),
}
STAMP_LINE = re.compile(r"(?:(?:TUYỆT MẬT|TỐI MẬT|MẬT|THƯỢNG KHẨN|KHẨN|HỎA TỐC)\s*)+")
STAMP_WORD = re.compile(r"TUYỆT MẬT|TỐI MẬT|MẬT|THƯỢNG KHẨN|KHẨN|HỎA TỐC")
TYPE_WORDS = {
    "chi thi": "chi_thi",
    "nghi quyet": "nghi_quyet",
    "ket luan": "ket_luan",
    "quyet dinh": "quyet_dinh",
    "ke hoach": "ke_hoach",
    "bao cao": "bao_cao",
    "huong dan": "huong_dan",
    "thong bao": "thong_bao",
    "cong van": "cong_van",
    "to trinh": "to_trinh",
    "quy dinh": "quy_dinh",
    "chuong trinh": "chuong_trinh",
    "nghi dinh": "khac",
    "thong tu": "khac",
    "quy che": "khac",
    "de an": "khac",
    "bien ban": "khac",
    "tai lieu": "tai_lieu",
    "cong dien": "khac",
    "luat": "khac",
}
MARK = re.compile(r"^(T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.|TUQ\.)\s*(.*)$")
BULLET = re.compile(r"^[-+•–]\s*")
MARK_FORMS = {"TM.": "T/M", "KT.": "K/T", "TL.": "T/L"}
MARK_INSIDE = re.compile(r"\s(?=(?:T/M|K/T|T/L|TM\.|KT\.|TL\.)\s+[A-ZĐ])")
NUMBER_LINE = re.compile(r"^S[ốỐ]\b\s*:?\s*(.*)$")
PLACE_DATE = re.compile(r"^(?:[^,]{1,40},\s*)?ngày\b.*(?:\bnăm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE)
BODY_START = re.compile(r"^(?:Căn cứ|Thực hiện|Kính gửi|Để|Thời gian qua|Chi bộ|Đảng ủy|Trên đây)\b")
TOP_BODIES = ("bo chinh tri", "ban bi thu")  # "T/M BỘ CHÍNH TRỊ": the body itself is the issuer
COMMITTEES = ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "ban chap hanh trung uong")
ACRONYMS = {"ubnd": "UBND", "hđnd": "HĐND", "mttq": "MTTQ", "tw": "TW", "tthc": "TTHC", "cchc": "CCHC", "tp.": "TP."}
PROPER = (
    ("ban chấp hành trung ương", "Ban Chấp hành Trung ương"),
    ("ban thường vụ", "Ban Thường vụ"),
    ("bộ chính trị", "Bộ Chính trị"),
    ("ban bí thư", "Ban Bí thư"),
    ("ủy ban kiểm tra", "Ủy ban Kiểm tra"),
    ("thủ tướng chính phủ", "Thủ tướng Chính phủ"),
    ("chính phủ", "Chính phủ"),
    ("văn phòng", "Văn phòng"),
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("đảng", "Đảng"),
    ("trung ương", "Trung ương"),
    ("quốc hội", "Quốc hội"),
    ("tỉnh ủy", "Tỉnh ủy"),
    ("thành ủy", "Thành ủy"),
    ("huyện ủy", "Huyện ủy"),
    ("quận ủy", "Quận ủy"),
    ("bí thư", "Bí thư"),
    ("chủ tịch", "Chủ tịch"),
    ("thủ tướng", "Thủ tướng"),
)
UNIT_HEAD = re.compile(r"^(?:chi bộ|sở|bộ|phòng|cục|vụ|ban|trung tâm) (?=[^\W\d]+)", re.IGNORECASE)
PLACE_WORDS = ("tỉnh", "huyện", "xã", "phường", "quận", "thị")
KEY_FIELDS = ("number", "doc_type", "title", "issuer", "issued_year", "signer_name")


@dataclass
class HeaderMetadata:
    """Registration metadata read from a document's text; `found` names the fields that were read."""

    number: str | None = None
    number_pattern: str | None = None
    is_draft: bool = False
    doc_type: str | None = None
    title: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    issued_on: date | None = None
    issued_year: int | None = None
    issued_month: int | None = None
    signer_name: str | None = None
    signer_mark: str | None = None
    signer_body: str | None = None
    signer_title: str | None = None
    recipients: list[str] = field(default_factory=list)
    secrecy: str = "thuong"
    urgency: str = "thuong"
    found: list[str] = field(default_factory=list)
    confidence: float = 0.0


def read_header(text: str) -> HeaderMetadata:
    """Read the header (số/ký hiệu, type, trích yếu, issuer, place/date, stamps) and footer (signer, nơi nhận)."""
    lines = header_lines(text)
    meta = HeaderMetadata()
    type_at = _type_line_index(lines)
    head_end = type_at if type_at is not None else _body_index(lines)
    orgs = _read_head(meta, lines[:head_end])
    if type_at is not None:
        _read_type_and_title(meta, lines, type_at)
    _read_footer(meta, lines)
    meta.issuer_parent, meta.issuer = _issuer(orgs, meta, lines[head_end:])
    _record_found(meta)
    return meta


def header_lines(text: str) -> list[str]:
    """Cleaned lines ("" for blank), with two-column headers flattened onto one line split apart again."""
    out: list[str] = []
    for raw in normalize(text).replace("\f", "\n").splitlines():
        line = _strip_markup(raw)
        out.extend(split_columns(line) if line else [""])
    return out


def _strip_markup(raw: str) -> str:
    """A line without Markdown quote, heading, bold/italic marks or "*" separators."""
    line = re.sub(r"^\s*(?:>\s*)+|^\s*#+\s+", "", raw).replace("**", "").strip()
    line = re.sub(r"^\*(?=\S)(.*?)\*$", r"\1", line)
    return "" if re.fullmatch(r"[*\-_=~.\s]*", line) else line


def split_columns(line: str) -> list[str]:
    """Split a line that holds both columns of a header (motto, organ, number, place and date) into pieces."""
    pieces = [_drop_star(line)]
    for splitter in (_split_motto, _split_number, _split_date, _split_mark, _split_trailing_title):
        pieces = [part for piece in pieces for part in splitter(piece)]
    return [p.strip() for p in pieces if p.strip()]


def _drop_star(line: str) -> str:
    """Drop the "*" of the Party header when a capitals line or the place-date line was flattened after it."""
    rest = line[1:].strip() if line.startswith("*") else ""
    return rest if rest and (rest.isupper() or PLACE_DATE.match(rest)) else line


def _split_motto(line: str) -> list[str]:
    """Separate the national/Party motto from whatever shares its line."""
    match = MOTTO.search(line)
    if not match or match.group(0) == line:
        return [line]
    return [line[: match.start()], match.group(0), *_split_motto(line[match.end() :])]


def _split_number(line: str) -> list[str]:
    """Separate "Số ..." from an organ name written before it on the same line."""
    match = re.search(r"\s(?=Số\b)", line)
    if not match or not line[: match.start()].isupper():
        return [line]
    return [line[: match.start()], line[match.end() :]]


def _split_date(line: str) -> list[str]:
    """Separate "Place, ngày ..." from text written before it on the same line."""
    match = re.search(r",\s*ngày\b", line)
    if not match:
        return [line]
    words = line[: match.start()].split(" ")
    keep = 0
    while keep < min(len(words), 4) and _is_title_word(words[-1 - keep]):
        keep += 1
    cut = len(" ".join(words[: len(words) - keep]))
    if keep == 0 or cut == 0:
        return [line]
    return [line[:cut], line[cut:]]


def _split_mark(line: str) -> list[str]:
    """Separate a signing mark ("KT. THỦ TƯỚNG") from a recipient written before it on the same line."""
    return MARK_INSIDE.split(line) if not MARK.match(line) else [line]


def _split_trailing_title(line: str) -> list[str]:
    """Separate a signer's title ("BÍ THƯ") flattened onto the end of a recipient line."""
    match = re.match(r"^([-+•–].*?[,;.])\s+(\S+(?:\s+\S+){0,4})$", line)
    return [match.group(1), match.group(2)] if match and match.group(2).isupper() else [line]


def _is_title_word(word: str) -> bool:
    """A capitalised word with the rest in lower case ("Lào", "Cai")."""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _type_line_index(lines: list[str]) -> int | None:
    """Index of the type line ("KẾ HOẠCH", "CHỈ THỊ", ...): capitals, alone or followed by the lowercase title."""
    for i, line in enumerate(lines[:60]):
        if type_word(line) and not NUMBER_LINE.match(line):
            return i
        if BODY_START.match(line):
            return None
    return None


def type_word(line: str) -> tuple[str, int] | None:
    """(portal type code, number of words) when the line starts with a type name in capitals, else None."""
    words = line.rstrip(":").split(" ")
    for name, code in TYPE_WORDS.items():
        size = len(name.split())
        head = " ".join(words[:size])
        if head.isupper() and fold(head) == name and (len(words) == size or not words[size].isupper()):
            return code, size
    return None


def _body_index(lines: list[str]) -> int:
    """Where the body starts when there is no type line."""
    return next((i for i, line in enumerate(lines[:60]) if BODY_START.match(line)), min(len(lines), 30))


def _read_head(meta: HeaderMetadata, head: list[str]) -> list[str]:
    """Read stamps, number and place/date from the head lines; return the organ lines in order."""
    orgs = []
    for line in head:
        if STAMP_LINE.fullmatch(line):
            _read_stamps(meta, line)
        elif NUMBER_LINE.match(line) and not (meta.number or meta.is_draft):
            _read_number(meta, line)
        elif PLACE_DATE.match(line) and meta.issued_year is None:
            _read_date(meta, line)
        elif _is_organ(line):
            orgs.append(line)
        elif line.startswith("V/v") and meta.title is None:
            meta.title, meta.doc_type = line[3:].strip(), "cong_van"
    return orgs


def _read_stamps(meta: HeaderMetadata, line: str) -> None:
    """Secrecy and urgency from a stamp line ("MẬT", "THƯỢNG KHẨN", "MẬT HỎA TỐC")."""
    for word in STAMP_WORD.findall(line):
        attr, value = STAMPS[fold(word)]
        setattr(meta, attr, value)


def _read_number(meta: HeaderMetadata, line: str) -> None:
    """The số/ký hiệu; a draft without a serial ("Số - KH/ĐU") keeps only its pattern ("KH/ĐU")."""
    parsed = parse_number(line)
    if parsed is None:
        meta.is_draft = not re.search(r"\d", line)
        return
    meta.is_draft = parsed.is_draft
    meta.number = None if parsed.is_draft else parsed.number
    meta.number_pattern = parsed.number.lstrip("-/ ") if parsed.is_draft else None
    meta.doc_type = meta.doc_type or TYPE_CODES.get(parsed.type_code)


def _read_date(meta: HeaderMetadata, line: str) -> None:
    """Place and date from "Lào Cai, ngày 04 tháng 4 năm 2026" (a draft may lack the day)."""
    parsed = parse_vn_date(line)
    if parsed is None:
        return
    meta.place = parsed.place or _place(line)
    meta.issued_year, meta.issued_month = parsed.year, parsed.month
    meta.issued_on = parsed.as_date() if parsed.day else None


def _place(line: str) -> str | None:
    """The place written before ", ngày"."""
    match = re.match(r"^(.+?),\s*ngày\b", line)
    return match.group(1).strip() if match else None


def _is_organ(line: str) -> bool:
    """An organ-name line: capitals, not the motto, not a banner, short."""
    return (
        line.isupper()
        and not MOTTO.fullmatch(line)
        and "," not in line
        and "DEMO" not in line
        and len(line.split()) <= 12
        and not MARK.match(line)
    )


def _read_type_and_title(meta: HeaderMetadata, lines: list[str], at: int) -> None:
    """The type from the type line and the trích yếu from the lines after it."""
    meta.doc_type, size = type_word(lines[at])
    rest = lines[at].split(" ", size)[size:]
    parts = rest[:1]
    following = lines[at + 1 :]
    caps = bool(following) and following[0].isupper() and len(following[0].split()) >= 6
    for nxt in following:
        if not nxt or (_ends_title(nxt) and not (caps and nxt.isupper())):
            break
        parts.append(nxt)
    if parts and meta.title is None:
        title = " ".join(parts).strip()
        if title.lower().startswith("của ") and meta.doc_type:
            # "KẾT LUẬN / của Bộ Chính trị về ..." registers as "Kết luận của Bộ Chính trị về ...".
            title = _TYPE_LABELS.get(meta.doc_type, "") + " " + title if meta.doc_type in _TYPE_LABELS else title
        meta.title = title[:1].upper() + title[1:]


_TYPE_LABELS = {
    "chi_thi": "chỉ thị",
    "nghi_quyet": "nghị quyết",
    "ket_luan": "kết luận",
    "quyet_dinh": "quyết định",
    "ke_hoach": "kế hoạch",
    "bao_cao": "báo cáo",
    "huong_dan": "hướng dẫn",
    "thong_bao": "thông báo",
    "quy_dinh": "quy định",
    "chuong_trinh": "chương trình",
    "to_trinh": "tờ trình",
}


def _ends_title(line: str) -> bool:
    """Whether a line after the type line is no longer part of the trích yếu."""
    return (
        line.isupper()
        or line.startswith(("(", "-", "Căn cứ", "Kính gửi"))
        or BODY_START.match(line) is not None
        or re.match(r"^[IVX]+\.|^\d+\.", line) is not None
    )


def _read_footer(meta: HeaderMetadata, lines: list[str]) -> None:
    """Signer (mark, body, title, name) and the nơi nhận list from the last part."""
    start = max(0, len(lines) - 60)
    tail = lines[start:]
    for i, line in enumerate(tail):
        if fold(line).startswith("noi nhan"):
            meta.recipients = _recipients(tail[i + 1 :], line)
    mark_at = next((i for i in range(len(tail) - 1, -1, -1) if MARK.match(tail[i])), None)
    if mark_at is not None:
        _read_signer(meta, tail[mark_at:])
    else:
        _read_bare_signer(meta, tail)


def _recipients(after: list[str], line: str) -> list[str]:
    """Bulleted recipients after "Nơi nhận:", bullets and trailing punctuation stripped (signer lines skipped)."""
    out = []
    inline = line.split(":", 1)[1].strip() if ":" in line else ""
    for item in ([inline] if inline else []) + after:
        if not item or MARK.match(item) or item.isupper():
            continue
        if not BULLET.match(item):
            break
        out.append(BULLET.sub("", item).rstrip(" ,;.").strip())
    return [r for r in out if r]


def _read_signer(meta: HeaderMetadata, lines: list[str]) -> None:
    """ "T/M BAN THƯỜNG VỤ / PHÓ BÍ THƯ / Nguyễn Thanh Tú" from the mark line on."""
    match = MARK.match(lines[0])
    mark = match.group(1)
    meta.signer_mark = MARK_FORMS.get(mark, mark)
    meta.signer_body = match.group(2).strip() or None
    rest = [line for line in lines[1:] if line and not BULLET.match(line)]
    if rest and rest[0].isupper() and not MARK.match(rest[0]):
        meta.signer_title = rest.pop(0)
    meta.signer_name = next((line for line in rest[:4] if _is_name(line)), None)


def _read_bare_signer(meta: HeaderMetadata, tail: list[str]) -> None:
    """A signer without a mark: a capitals title line followed by a name near the end."""
    filled = [line for line in tail if line]
    for i in range(len(filled) - 1, 0, -1):
        if _is_name(filled[i]) and filled[i - 1].isupper() and len(filled[i - 1].split()) <= 6:
            meta.signer_title, meta.signer_name = filled[i - 1], filled[i]
            return


def _is_name(line: str) -> bool:
    """A person's name: 2-5 capitalised words ("Nguyễn Thanh Tú")."""
    words = line.split()
    return 2 <= len(words) <= 5 and all(_is_title_word(w) or (len(w) == 1 and w.isupper()) for w in words)


def _issuer(orgs: list[str], meta: HeaderMetadata, body: list[str]) -> tuple[str | None, str | None]:
    """(issuer_parent as written, issuer in sentence case) from the organ lines, else from the body."""
    if not orgs:
        return None, _issuer_from_body(body)
    orgs = _join_wrapped_organ(orgs)
    parent = orgs[-2] if len(orgs) > 1 else None
    issuer = proper_case(orgs[-1])
    body_name = fold(meta.signer_body or "")
    if meta.signer_mark == "T/M" and body_name.startswith(TOP_BODIES):
        parent, issuer = orgs[-1], proper_case(meta.signer_body)
    elif meta.signer_mark == "T/M" and body_name.startswith("ban thuong vu") and fold(orgs[-1]).startswith(COMMITTEES):
        issuer = f"Ban Thường vụ {issuer}"
    return parent, issuer


def _join_wrapped_organ(orgs: list[str]) -> list[str]:
    """Join an organ name wrapped before its place ("ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI")."""
    last = fold(orgs[-1]) if orgs else ""
    if (
        len(orgs) > 1
        and last.startswith(("tinh ", "huyen ", "xa ", "thanh pho ", "phuong ", "quan "))
        and not last.startswith(COMMITTEES)
    ):
        return [*orgs[:-2], f"{orgs[-2]} {orgs[-1]}"]
    return orgs


def _issuer_from_body(body: list[str]) -> str | None:
    """The issuer the first paragraph names as the one drafting/issuing ("Đảng ủy Văn phòng ... xây dựng")."""
    for line in body[:12]:
        match = re.search(
            r"((?:Ban Thường vụ |Thường trực )?(?:Đảng ủy|Chi bộ|Tỉnh ủy|Thành ủy|Huyện ủy|Ủy ban nhân dân|UBND)"
            r"[^,;()]*?)\s*(?:\([^)]*\)\s*)?(?:xây dựng|ban hành|báo cáo|hướng dẫn|thông báo)\b",
            line,
        )
        if match:
            name = match.group(1).strip()
            return name[:1] + re.sub(r"Ủy ban nhân dân", "UBND", name[1:])
    return None


def proper_case(name: str) -> str:
    """An organ name in capitals -> its usual written case ("ĐẢNG ỦY VĂN PHÒNG UBND TỈNH" -> "Đảng ủy Văn phòng UBND tỉnh")."""
    text = name.lower()
    for lower, proper in PROPER:
        text = re.sub(rf"\b{lower}\b", proper, text)
    words = [ACRONYMS.get(w, w) for w in text.split(" ")]
    words = _capitalise_places(words)
    text = " ".join(words)
    unit = UNIT_HEAD.match(text)
    if unit:
        rest = re.sub(r"(^| - )(\w)", lambda m: m.group(1) + m.group(2).upper(), text[unit.end() :])
        text = text[: unit.end()] + rest
    return text[:1].upper() + text[1:]


def _capitalise_places(words: list[str]) -> list[str]:
    """Capitalise place names after tỉnh/thành phố/huyện/xã/phường ("tỉnh lào cai" -> "tỉnh Lào Cai")."""
    out, in_place = [], False
    for i, word in enumerate(words):
        if in_place and word.islower():
            word = word[:1].upper() + word[1:]
        out.append(word)
        if word in PLACE_WORDS or i and (words[i - 1], word) in (("thành", "phố"), ("Tỉnh", "ủy"), ("Huyện", "ủy")):
            in_place = True
    return out


def _record_found(meta: HeaderMetadata) -> None:
    """List the fields that were read and the share of key fields found."""
    values = {
        name: getattr(meta, name)
        for name in HeaderMetadata.__dataclass_fields__
        if name not in ("found", "confidence", "secrecy", "urgency", "is_draft")
    }
    meta.found = [name for name, value in values.items() if value not in (None, [], "")]
    if meta.secrecy != "thuong":
        meta.found.append("secrecy")
    if meta.urgency != "thuong":
        meta.found.append("urgency")
    have = [f for f in KEY_FIELDS if f in meta.found or (f == "number" and meta.is_draft)]
    meta.confidence = round(len(have) / len(KEY_FIELDS), 2)


# --- the body: what may be quoted -------------------------------------------------------------------------------

PAGE_FURNITURE = re.compile(
    r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang\s+\d+(?:\s*(?:/|trên)\s*\d+)?$|TÀI LIỆU MẪU|DỮ LIỆU DEMO",
    re.IGNORECASE,
)
ITEM_START = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[IVX]+\.|[-+•–])\s")


def body_paragraphs(text: str) -> list[str]:
    """The body's paragraphs, without the header block (organ, motto, number, place and date, type and trích yếu),
    the signature ("T/M CHI BỘ / BÍ THƯ / name"), "Nơi nhận" or page furniture (page numbers, banners).

    Lines wrapped inside a paragraph are joined; a blank line or a numbered/bulleted item starts a new paragraph.
    Headings in capitals are left out: they are not sentences anyone would quote.
    """
    lines = header_lines(text)
    start, end = _body_start(lines), _body_end(lines)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines[start:end]:
        if not line or PAGE_FURNITURE.search(line) or (line.isupper() and len(line.split()) <= 14):
            current = _close(paragraphs, current)
            continue
        if ITEM_START.match(line):
            current = _close(paragraphs, current)
        current.append(line)
    _close(paragraphs, current)
    return [" ".join(p) for p in paragraphs]


def _close(paragraphs: list[list[str]], current: list[str]) -> list[str]:
    if current:
        paragraphs.append(current)
    return []


def _body_start(lines: list[str]) -> int:
    """The first line after the trích yếu (or after the header lines when there is no type line)."""
    type_at = _type_line_index(lines)
    if type_at is not None:
        i = type_at + 1
        caps = i < len(lines) and lines[i].isupper() and len(lines[i].split()) >= 6
        while i < len(lines) and lines[i] and not (_ends_title(lines[i]) and not (caps and lines[i].isupper())):
            i += 1
        return i
    i = 0
    while i < len(lines) and (not lines[i] or _is_head_line(lines[i])):
        i += 1
    return i


def _is_head_line(line: str) -> bool:
    return bool(
        line.isupper()
        or line == "*"
        or MOTTO.fullmatch(line)
        or NUMBER_LINE.match(line)
        or PLACE_DATE.match(line)
        or STAMP_LINE.fullmatch(line)
        or line.startswith("V/v")
        or PAGE_FURNITURE.search(line)
    )


def _body_end(lines: list[str]) -> int:
    """Where the footer starts: "Nơi nhận", a signing mark, or a bare signer title over a name near the end."""
    start = max(0, len(lines) - 60)
    ends = [len(lines)]
    for i in range(start, len(lines)):
        line = lines[i]
        if fold(line).startswith("noi nhan") or MARK.match(line):
            ends.append(i)
            break
    filled = [i for i in range(start, len(lines)) if lines[i]]
    for k in range(len(filled) - 1, 0, -1):
        title, name = lines[filled[k - 1]], lines[filled[k]]
        if _is_name(name) and title.isupper() and len(title.split()) <= 6:
            ends.append(filled[k - 1])
            break
    return min(ends)


# --- signers for people: sentence case, proper nouns kept, names per word ----------------------------------------


def person_name(name: str | None) -> str:
    """A name as people write it: "TRẦN QUỐC HƯNG" -> "Trần Quốc Hưng"; a name already in mixed case is kept."""
    text = " ".join((name or "").split())
    if not text or not text.isupper():
        return text
    return " ".join(word[:1] + word[1:].lower() for word in text.split(" "))


def signer_parts(mark: str | None, title: str | None, name: str | None) -> dict:
    """{"acts_for", "title", "name"} for showing a signer: "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ" / "TRẦN QUỐC HƯNG" ->
    "T/M Ban Thường vụ", "Phó Bí thư", "Trần Quốc Hưng" (the body the signer acts for, then their own title)."""
    acts_for = ""
    match = MARK.match((mark or "").strip())
    if match:
        body = match.group(2).strip()
        acts_for = MARK_FORMS.get(match.group(1), match.group(1)) + (" " + proper_case(body) if body else "")
    elif mark:
        acts_for = mark.strip()
    title = (title or "").strip()
    return {
        "acts_for": acts_for,
        "title": proper_case(title) if title.isupper() else title,
        "name": person_name(name),
    }


def reading_paragraphs(text: str) -> list[str]:
    """A page's text as paragraphs to read: lines wrapped inside a sentence are joined (the next line starts in lower
    case, or the line runs long without ending a sentence); blank lines, items and headings keep their own lines."""
    out: list[str] = []
    for raw in normalize(text or "").replace("\f", "\n").splitlines():
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        prev = out[-1] if out else ""
        joins = (
            prev
            and not prev.isupper()
            and not line.isupper()
            and not ITEM_START.match(line)
            and not prev.endswith((".", ":", ";", "!", "?"))
            and (line[:1].islower() or len(prev) >= 60)
        )
        if joins:
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return [p for p in out if p]
