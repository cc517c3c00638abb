"""Document registration fields: checking and normalising what a caller or a header gives, and snapshots for the log."""

import os
import unicodedata

from portal.errors import ValidationFailed
from portal.models import DOC_TYPES, SECRECY, URGENCY
from portal.text import normalize
from portal.text.dates import parse_user_date
from portal.text.numbers import TYPE_CODES, parse_number
from portal.text.numbers import number_key as key_of

TEXT_FIELDS = (
    "title",
    "number",
    "issuer",
    "issuer_parent",
    "place",
    "signer_name",
    "signer_mark",
    "signer_title",
    "recipients",
    "summary",
)


HEADER_FIELDS = (
    "number",
    "doc_type",
    "title",
    "issuer",
    "issuer_parent",
    "place",
    "issued_on",
    "issued_year",
    "issued_month",
    "signer_name",
    "signer_mark",
    "signer_title",
    "recipients",
    "secrecy",
    "urgency",
)


SNAPSHOT_FIELDS = HEADER_FIELDS + ("number_key", "is_draft", "summary", "visibility", "owner_unit_id")


FIELD_LIMITS = {
    "number": 80,
    "issuer": 200,
    "issuer_parent": 200,
    "place": 100,
    "signer_name": 200,
    "signer_mark": 20,
    "signer_title": 200,
}


def clean_filename(name):
    """A display name for an uploaded file: basename only, NFC, no control characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return (name or "tai-lieu")[-200:]


def _choice(value, table, label):
    """A code checked against a table of codes."""
    if value not in table:
        raise ValidationFailed(f"{label} “{value}” không hợp lệ.")
    return value


def _recipients_text(value):
    """Nơi nhận as one line per recipient."""
    if isinstance(value, (list, tuple)):
        value = "\n".join(str(v).strip() for v in value if str(v).strip())
    return (value or "").strip() or None


def _type_from_number(number):
    parsed = parse_number(number or "")
    return TYPE_CODES.get(parsed.type_code) if parsed else None


def merge_metadata(given, header, original_name, doc_type=None):
    """Fields for a new document: the caller's values first, then what the header says, then defaults."""
    given = {k: v for k, v in (given or {}).items() if v not in (None, "", [])}
    merged = {**header, **given}
    if doc_type:
        merged["doc_type"] = doc_type
    merged["doc_type"] = merged.get("doc_type") or _type_from_number(merged.get("number")) or "khac"
    if not merged.get("title"):
        merged["title"] = os.path.splitext(original_name)[0].replace("_", " ").strip() or original_name
    return _validated(merged)


def _validated(fields):
    """Checked, normalised field values ready for a Document."""
    out = {}
    for name in TEXT_FIELDS:
        if name in fields:
            value = (
                _recipients_text(fields[name]) if name == "recipients" else normalize(str(fields[name] or "")).strip()
            )
            out[name] = (value or None) if name != "title" else (value or "")
            if out[name] and name in FIELD_LIMITS:
                out[name] = out[name][: FIELD_LIMITS[name]]
    if "doc_type" in fields:
        out["doc_type"] = _choice(fields["doc_type"] or "khac", DOC_TYPES, "Loại văn bản")
    for name, table, label in (("secrecy", SECRECY, "Độ mật"), ("urgency", URGENCY, "Độ khẩn")):
        if name in fields:
            out[name] = _choice(fields[name] or "thuong", table, label)
    if "issued_on" in fields:
        out["issued_on"] = parse_user_date(fields["issued_on"], "Ngày ban hành")
    for name in ("issued_year", "issued_month"):
        if name in fields:
            out[name] = _int_or_none(fields[name], name)
    if out.get("issued_on"):
        out["issued_year"], out["issued_month"] = out["issued_on"].year, out["issued_on"].month
    if "number" in out:
        out["number_key"] = key_of(out["number"]) if out["number"] else None
        out["is_draft"] = bool(fields.get("is_draft")) and not out["number_key"]
    elif "is_draft" in fields:
        out["is_draft"] = bool(fields["is_draft"])
    return out


def _int_or_none(value, name):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as error:
        raise ValidationFailed(f"Giá trị “{str(value)[:30]}” của trường {name} phải là số.") from error
    if not -(2**31) < number < 2**31:
        raise ValidationFailed(f"Giá trị “{str(value)[:30]}” của trường {name} quá lớn.")
    return number


def snapshot(document):
    """The document's registration fields as JSON-ready data (for the audit log and the API)."""
    data = {name: getattr(document, name) for name in SNAPSHOT_FIELDS}
    data["issued_on"] = document.issued_on.isoformat() if document.issued_on else None
    data["unit_ids"] = sorted(row.unit_id for row in document.unit_rows)
    return data


def _safe_mime(mime):
    """The stored mime type; anything a browser could render as a page becomes an opaque download."""
    mime = (mime or "").lower()
    return "application/octet-stream" if not mime or "html" in mime or "xml" in mime or "svg" in mime else mime
