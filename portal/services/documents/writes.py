"""Documents: one upload service behind the web form, the API and `flask documents import`; edits, versions, trash.

Every write begins with `begin_write()`, records an audit event and an index job, and commits once. A file is stored
(durably) before the commit and removed again if anything after that fails, so nothing is ever half-stored.
Every read passes through `security.visible_documents(user)`; a document the user may not see is NotFound.
"""

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.database import begin_write
from portal.errors import Conflict, NotAllowed, UploadRejected, ValidationFailed
from portal.extensions import db
from portal.models import VISIBILITY, Document, DocumentUnit, DocumentVersion
from portal.models.base import utcnow
from portal.security import (
    can_edit_document,
    check_classification,
    has_permission,
    secretary_unit_id,
    visible_documents,
)
from portal.services import audit, storage
from portal.services.accounts.units import require_unit
from portal.services.documents.metadata import (
    HEADER_FIELDS,
    _choice,
    _safe_mime,
    _validated,
    clean_filename,
    merge_metadata,
    snapshot,
)
from portal.services.documents.reads import get_document
from portal.text import fold

from . import citations, extraction

STATUSES = ("imported", "duplicate", "new_version")


SOURCES = ("web", "api", "cli", "demo")


LEGACY_NOTE = "Văn bản gốc gõ bằng bảng mã {enc}; hệ thống đã tự chuyển sang Unicode."


OCR_NOTE = "{n} trang được nhận dạng chữ (OCR) từ bản quét; nội dung có thể có lỗi nhận dạng."


OCR_LATER_NOTE = (
    "{n} trang quét đang được nhận dạng chữ (OCR) ở chế độ nền; văn bản đã lưu và tìm được dần theo từng trang."
)


DUPLICATE_NUMBER = "Có thể trùng với văn bản số {number} đã có: “{title}” (mã {id})."


PURGE_WORD = "XÓA"
IN_USE = "Văn bản đang được dùng ở nơi khác (báo cáo, tài liệu quán triệt) nên không xóa vĩnh viễn được."


@dataclass
class UploadResult:
    """What an upload did: the document, "imported" | "duplicate" | "new_version", warnings, the duplicate's original."""

    document: Document
    status: str
    warnings: list = field(default_factory=list)
    duplicate_of: Document | None = None


@dataclass
class Preview:
    """Metadata read from a file without storing it, for the form's pre-fill step."""

    metadata: dict
    kind: str
    page_count: int
    ocr_pages: int
    legacy_encoding: str | None
    warnings: list
    excerpt: str


def _max_bytes():
    return int(current_app.config.get("MAX_UPLOAD_MB", 50)) * 1024 * 1024


def _too_large(max_mb):
    return UploadRejected(f"Tệp vượt quá dung lượng cho phép ({max_mb} MB).", code="too_large", status=413)


def check_size(path):
    """Refuse files over MAX_UPLOAD_MB with 413 and a Vietnamese message."""
    size = os.path.getsize(path)
    if size > _max_bytes():
        raise _too_large(current_app.config.get("MAX_UPLOAD_MB", 50))
    return size


def _unit(code):
    """The unit with this code, or ValidationFailed."""
    return require_unit(code)


@dataclass(frozen=True)
class Limits:
    """The app's upload and extraction limits, read once so worker threads need no app context."""

    max_mb: int
    timeout: float
    memory_mb: int
    ocr: bool


def limits():
    """The current app's Limits."""
    config = current_app.config
    return Limits(
        int(config.get("MAX_UPLOAD_MB", 50)),
        config.get("EXTRACT_TIMEOUT", 120),
        config.get("EXTRACT_MEMORY_MB", 1024),
        bool(config.get("OCR_ENABLED", True)),
    )


def _extract(path, original_name, lim=None):
    """Text of an untrusted file in the limited child; ExtractionError becomes UploadRejected, nothing stored.

    OCR is deferred: pages needing it are listed on the result and recognised later by the `documents.ocr` job.
    """
    from portal.extraction import ExtractionError, extract_file

    lim = lim or limits()
    try:
        with storage.named_like(path, original_name) as named:
            return extract_file(named, timeout=lim.timeout, memory_mb=lim.memory_mb, ocr=lim.ocr, defer_ocr=True)
    except ExtractionError as error:
        raise UploadRejected(error.message, code=error.code) from error


def _read_header(text):
    """Header metadata as a dict of the fields that were found."""
    from portal.extraction.header import read_header

    meta = read_header(text)
    found = {name: getattr(meta, name) for name in HEADER_FIELDS if getattr(meta, name, None) not in (None, "", [])}
    if meta.secrecy == "thuong":
        found.pop("secrecy", None)
    if meta.urgency == "thuong":
        found.pop("urgency", None)
    if meta.is_draft:
        found["is_draft"] = True
    mark = f"{meta.signer_mark} {meta.signer_body}" if meta.signer_mark and meta.signer_body else None
    if mark and len(mark) <= 20:  # both lines: the body the signer acts for ("T/M BAN THƯỜNG VỤ"), then the title
        found["signer_mark"] = mark
    return found


def _extraction_notes(result):
    """Warnings for the user from the extraction: its own, the legacy conversion, OCR."""
    notes = list(result.warnings or [])
    if result.legacy_encoding:
        notes.append(
            LEGACY_NOTE.format(enc="TCVN3 (ABC)" if result.legacy_encoding == "TCVN3" else result.legacy_encoding)
        )
    if result.ocr_pages:
        notes.append(OCR_NOTE.format(n=result.ocr_pages))
    if result.status == extraction.STATUS_OCR_PENDING and result.ocr_needed:
        notes.append(OCR_LATER_NOTE.format(n=len(result.ocr_needed)))
    if result.status == extraction.STATUS_UNREAD and result.unread_reason:
        notes.append(extraction.UNREAD_NOTE.format(reason=result.unread_reason))
    return notes


@dataclass
class Placement:
    """Who owns a new document and who sees it."""

    visibility: str
    owner_id: int | None
    chosen: list


def _placement(user, visibility, unit_codes, owner_unit_code):
    """Visibility, owner unit and chosen units after the rules: a branch secretary uploads for their own unit."""
    if not has_permission(user, "documents.upload"):
        raise NotAllowed("Tài khoản của đồng chí không có quyền tải văn bản lên.")
    manager = has_permission(user, "documents.edit_any")
    owner_id = _unit(owner_unit_code).id if owner_unit_code else user.unit_id
    if not manager and owner_id != secretary_unit_id(user):
        raise NotAllowed("Bí thư chi bộ chỉ được tải văn bản lên cho chi bộ của mình.")
    visibility = visibility or ("all" if manager else "units")
    _choice(visibility, VISIBILITY, "Phạm vi xem")
    chosen = sorted({_unit(code).id for code in unit_codes or () if code} - {owner_id})
    return Placement(visibility, owner_id, chosen if visibility == "units" else [])


def _set_units(document, unit_ids):
    """Replace the chosen units of a document, keeping the rows of units that stay (no delete-then-insert clash)."""
    existing = {row.unit_id: row for row in document.unit_rows}
    document.unit_rows = [existing.get(uid) or DocumentUnit(unit_id=uid) for uid in sorted(set(unit_ids))]


def _find_duplicate(sha256, user):
    """A live document holding these exact bytes that the user may see, or None (hidden ones are never revealed)."""
    query = (
        select(Document)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            DocumentVersion.sha256 == sha256, Document.id.in_(visible_documents(user).with_only_columns(Document.id))
        )
        .order_by(Document.id)
        .limit(1)
    )
    return db.session.scalars(query).first()


def _same_number_warnings(fields, user, exclude_id=None):
    """Warnings for visible documents with the same number key and issuing body."""
    key = fields.get("number_key")
    if not key:
        return []
    query = visible_documents(user).where(Document.number_key == key)
    if exclude_id:
        query = query.where(Document.id != exclude_id)
    issuer = fold(fields.get("issuer") or "")
    return [
        DUPLICATE_NUMBER.format(number=d.number, title=d.display_title, id=d.id)
        for d in db.session.scalars(query.order_by(Document.id).limit(5))
        if fold(d.issuer or "") == issuer
    ]


def preview_metadata(path, original_name):
    """Extract and read the header without storing anything: what the form would pre-fill."""
    check_size(path)
    original_name = clean_filename(original_name)
    result = _extract(path, original_name)
    header = _read_header(result.text)
    metadata = merge_metadata({}, header, original_name)
    return Preview(
        metadata,
        result.kind,
        result.page_count or len(result.pages),
        result.ocr_pages,
        result.legacy_encoding,
        _extraction_notes(result),
        result.text[:2000],
    )


@dataclass
class PreparedFile:
    """A file checked (size, SHA-256) and possibly already extracted, outside any transaction or app context."""

    path: str
    original_name: str
    size: int = 0
    sha256: str | None = None
    result: object = None
    error: UploadRejected | None = None


def prepare_file(path, original_name, lim, *, extract=True, known_hashes=frozenset()):
    """Size check, hash and (unless the hash is known, i.e. a likely duplicate) extraction; safe in a worker thread."""
    prepared = PreparedFile(path, clean_filename(original_name))
    try:
        prepared.size = os.path.getsize(path)
        if prepared.size > lim.max_mb * 1024 * 1024:
            raise _too_large(lim.max_mb)
        prepared.sha256 = storage.sha256_of(path)
        if extract and prepared.sha256 not in known_hashes:
            prepared.result = _extract(path, prepared.original_name, lim)
    except UploadRejected as error:
        prepared.error = error
    return prepared


def visible_hashes(user):
    """SHA-256 of every stored version the user may see (lets a bulk import skip extracting known files)."""
    ids = visible_documents(user).with_only_columns(Document.id)
    return set(db.session.scalars(select(DocumentVersion.sha256).where(DocumentVersion.document_id.in_(ids))))


def upload_document(
    path,
    original_name,
    *,
    user,
    metadata=None,
    doc_type=None,
    visibility=None,
    unit_codes=(),
    owner_unit_code=None,
    replace_document_id=None,
    apply_index=False,
    source="web",
    part_of=None,
    within=None,
):
    """Store an untrusted file as a document (or a new version of one); see UploadResult for the outcome.

    ``part_of`` ("material", "report", "evidence") marks a document made as part of something else: its visibility
    then comes from its parents (security.document_clause).

    ``within(document)``, when given, runs inside the upload's one write transaction just before its commit, so that a
    caller's own rows (a material's attachment row) commit with the document or not at all. It is not called for a
    duplicate (nothing is written then).
    """
    if replace_document_id is not None:
        document = get_document(replace_document_id, user)
        return add_version(document, path, original_name, user, apply_index=apply_index)
    _placement(user, visibility, unit_codes, owner_unit_code)  # refuse before reading the file
    prepared = prepare_file(path, original_name, limits(), extract=False)
    return upload_prepared(
        prepared,
        user=user,
        metadata=metadata,
        doc_type=doc_type,
        visibility=visibility,
        unit_codes=unit_codes,
        owner_unit_code=owner_unit_code,
        apply_index=apply_index,
        source=source,
        part_of=part_of,
        within=within,
    )


def upload_prepared(
    prepared,
    *,
    user,
    metadata=None,
    doc_type=None,
    visibility=None,
    unit_codes=(),
    owner_unit_code=None,
    apply_index=False,
    source="web",
    part_of=None,
    within=None,
):
    """The rest of upload_document for a PreparedFile: duplicate check, extraction if still needed, store, commit."""
    placement = _placement(user, visibility, unit_codes, owner_unit_code)
    if prepared.error is not None:
        raise prepared.error
    existing = _find_duplicate(prepared.sha256, user)
    if existing is not None:
        return UploadResult(existing, "duplicate", ["Tệp này đã có trong thư viện (cùng nội dung)."], existing)
    result = prepared.result or _extract(prepared.path, prepared.original_name)
    name = prepared.original_name
    fields = merge_metadata(metadata, _read_header(result.text), name, doc_type)
    warnings = _extraction_notes(result) + _same_number_warnings(fields, user)
    stored = storage.store_file(prepared.path)
    try:
        document, duplicate = _insert_new(stored, result, fields, name, user, placement, source, within, part_of)
    except BaseException:
        db.session.rollback()
        storage.remove(stored.storage_name)
        raise
    if duplicate is not None:
        storage.remove(stored.storage_name)
        return UploadResult(duplicate, "duplicate", ["Tệp này đã có trong thư viện (cùng nội dung)."], duplicate)
    _after_commit(apply_index)
    return UploadResult(document, "imported", warnings)


def _insert_new(stored, result, fields, original_name, user, placement, source, within=None, part_of=None):
    """The write transaction of an upload: rows, citations, audit, index job, commit. Returns (document, duplicate)."""
    begin_write()
    duplicate = _find_duplicate(stored.sha256, user)  # a concurrent upload of the same bytes may have won
    if duplicate is not None:
        db.session.rollback()
        return None, duplicate
    document = Document(
        **fields,
        visibility=placement.visibility,
        owner_unit_id=placement.owner_id,
        created_by_id=user.id,
        part_of=part_of,
        legacy_encoding=result.legacy_encoding,
        html=result.html,
    )
    _set_units(document, placement.chosen)
    db.session.add(document)
    db.session.flush()
    _add_version(document, stored, result, original_name, user, 1)
    citations.record_citations(document, result.text)
    citations.connect_waiting(document)
    audit.record(
        "document.upload",
        document,
        user=user,
        after=snapshot(document),
        summary=f"Tải lên “{document.display_title}” ({original_name}, {source})",
    )
    _enqueue(document.id)
    if within is not None:
        within(document)
    db.session.commit()
    return document, None


def _add_version(document, stored, result, original_name, user, version_no):
    """A DocumentVersion with its pages."""
    version = DocumentVersion(
        document_id=document.id,
        version_no=version_no,
        storage_name=stored.storage_name,
        original_name=original_name[:300],
        kind=result.kind,
        mime=_safe_mime(result.mime),
        size=stored.size,
        sha256=stored.sha256,
        page_count=result.page_count or len(result.pages) or 1,
        ocr_pages=result.ocr_pages,
        encoding=result.legacy_encoding or result.encoding,
        note="\n".join(_extraction_notes(result)) or None,
        created_by_id=user.id,
    )
    version.pages = extraction.page_rows(result)
    db.session.add(version)
    db.session.flush()
    extraction.apply_result(version, result)
    db.session.expire(document, ["versions"])
    return version


def _enqueue(document_id, action="upsert"):
    """Queue the index update in the current transaction."""
    from portal.search import jobs

    jobs.enqueue(db.session, "document", document_id, action)


def _after_commit(apply_index):
    """Apply the queued index changes now when asked (tests, CLI); a busy index leaves them to the job runner."""
    if not apply_index:
        return
    from portal.services.searching import apply_index as apply_now

    apply_now(current_app._get_current_object(), wait=2.0)


def upload_stream(file_storage, **kwargs):
    """Save an uploaded file (werkzeug FileStorage) to a private temp file, then upload_document it."""
    with received_file(file_storage) as temp:
        return upload_document(temp, file_storage.filename, **kwargs)


def upload_document_version(document, file_storage, user):
    """A new version from an uploaded file (werkzeug FileStorage)."""
    with received_file(file_storage) as temp:
        return add_version(document, temp, file_storage.filename, user)


@contextmanager
def received_file(file_storage):
    """The uploaded file in a private temp file (outside the store), removed afterwards."""
    if file_storage is None or not file_storage.filename:
        raise ValidationFailed("Chưa chọn tệp để tải lên.")
    handle, temp = tempfile.mkstemp(prefix="upload-", suffix=".bin")
    try:
        with os.fdopen(handle, "wb") as out:
            _copy_limited(file_storage.stream, out)
        yield temp
    finally:
        os.remove(temp)


def _copy_limited(stream, out):
    """Copy a request stream, refusing (413) once it passes the size limit."""
    limit, total = _max_bytes(), 0
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        total += len(chunk)
        if total > limit:
            raise UploadRejected(
                f"Tệp vượt quá dung lượng cho phép ({current_app.config.get('MAX_UPLOAD_MB', 50)} MB).",
                code="too_large",
                status=413,
            )
        out.write(chunk)


def _require_edit(document, user):
    if not can_edit_document(user, document):
        raise NotAllowed("Đồng chí không có quyền sửa văn bản này.")


def add_version(document, path, original_name, user, *, apply_index=False):
    """A corrected file becomes the document's new version; older versions stay downloadable."""
    _require_edit(document, user)
    original_name = clean_filename(original_name)
    check_size(path)
    sha256 = storage.sha256_of(path)
    if any(v.sha256 == sha256 for v in document.versions):
        raise Conflict("Tệp này giống hệt một phiên bản đã có của văn bản.")
    result = _extract(path, original_name)
    stored = storage.store_file(path)
    try:
        begin_write()
        number = (
            db.session.scalar(
                select(func.max(DocumentVersion.version_no)).where(DocumentVersion.document_id == document.id)
            )
            or 0
        ) + 1
        _add_version(document, stored, result, original_name, user, number)
        document.html, document.legacy_encoding, document.updated_at = result.html, result.legacy_encoding, utcnow()
        citations.record_citations(document, result.text)
        audit.record(
            "document.new_version",
            document,
            user=user,
            after={"version_no": number, "sha256": stored.sha256},
            summary=f"Thêm phiên bản {number} ({original_name})",
        )
        _enqueue(document.id)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        storage.remove(stored.storage_name)
        raise
    _after_commit(apply_index)
    return UploadResult(document, "new_version", _extraction_notes(result))


def reextract(document, user):
    """Read the current version's stored file again (after OCR was installed, or a parser fix); metadata is kept."""
    _require_edit(document, user)
    version = document.current_version
    if version is None:
        raise Conflict("Văn bản không có tệp để đọc lại.")
    result = _extract(storage.path_for(version.storage_name), version.original_name)
    begin_write()
    version.pages = []
    db.session.flush()
    version.pages = extraction.page_rows(result)
    version.page_count = result.page_count or len(result.pages) or 1
    version.ocr_pages, version.note = result.ocr_pages, "\n".join(_extraction_notes(result)) or None
    extraction.apply_result(version, result)
    document.html, document.legacy_encoding = result.html, result.legacy_encoding
    db.session.flush()
    citations.record_citations(document, result.text)
    audit.record("document.reextract", document, user=user, summary=f"Đọc lại nội dung phiên bản {version.version_no}")
    _enqueue(document.id)
    db.session.commit()
    return UploadResult(document, "reextracted", _extraction_notes(result))


def update_metadata(document, fields, user, *, unit_codes=None):
    """Change a document's registration fields (audited before/after, reindexed, citations relinked)."""
    _require_edit(document, user)
    changes = _validated(fields)
    visibility = fields.get("visibility")
    if visibility:
        _choice(visibility, VISIBILITY, "Phạm vi xem")
    chosen = None
    if unit_codes is not None:
        chosen = {_unit(code).id for code in unit_codes if code} - {document.owner_unit_id}
    check_classification(user, document, visibility, chosen, changes.get("secrecy"))
    begin_write()
    before = snapshot(document)
    old_key = document.number_key
    for name, value in changes.items():
        setattr(document, name, value)
    if visibility:
        document.visibility = visibility
    if chosen is not None:
        _set_units(document, chosen if document.visibility == "units" else [])
    if document.number_key != old_key:
        _relink(document)
    after = snapshot(document)
    if after == before:
        db.session.rollback()
        return document
    if has_permission(user, "documents.classify") and _classification(before) != _classification(after):
        document.uploader_access = False  # the secretariat re-classified it: from now on the table alone decides
    audit.record(
        "document.update",
        document,
        user=user,
        before=before,
        after=after,
        summary=f"Sửa thông tin “{document.display_title}”",
    )
    _enqueue(document.id)
    db.session.commit()
    return document


def _classification(snap):
    return snap.get("visibility"), snap.get("secrecy"), tuple(snap.get("unit_ids") or ())


def number_warnings(document, user):
    """Likely duplicates of a document: visible others with the same number key and issuing body."""
    return _same_number_warnings(snapshot(document), user, exclude_id=document.id)


def _relink(document):
    """After a number change: incoming links move away or wait, waiting ones connect, own citations re-read."""
    db.session.flush()
    citations.release_incoming(document)
    citations.record_citations(document, document.text)
    citations.connect_waiting(document)


def trash(document, user):
    """Move a document to the trash (hidden everywhere; the secretariat can restore it)."""
    if not (has_permission(user, "documents.trash") or can_edit_document(user, document)):
        raise NotAllowed("Đồng chí không có quyền xóa văn bản này.")
    if document.deleted_at is not None:
        raise Conflict("Văn bản đã ở trong thùng rác.")
    begin_write()
    document.deleted_at, document.deleted_by_id = utcnow(), user.id
    citations.release_incoming(document)
    audit.record("document.trash", document, user=user, summary=f"Chuyển “{document.display_title}” vào thùng rác")
    _enqueue(document.id, "delete")
    db.session.commit()
    return document


def restore(document, user):
    """Bring a document back from the trash."""
    if not has_permission(user, "documents.trash"):
        raise NotAllowed("Chỉ bộ phận giúp việc và quản trị viên được khôi phục văn bản.")
    if document.deleted_at is None:
        raise Conflict("Văn bản không ở trong thùng rác.")
    begin_write()
    document.deleted_at, document.deleted_by_id = None, None
    citations.connect_waiting(document)
    audit.record("document.restore", document, user=user, summary=f"Khôi phục “{document.display_title}”")
    _enqueue(document.id)
    db.session.commit()
    return document


def purge(document, user, confirm_text):
    """Delete a trashed document for good (rows, then files after the commit); needs the typed confirmation."""
    if not has_permission(user, "documents.trash"):
        raise NotAllowed("Chỉ bộ phận giúp việc và quản trị viên được xóa vĩnh viễn văn bản.")
    if document.deleted_at is None:
        raise Conflict("Chỉ xóa vĩnh viễn được văn bản đã ở trong thùng rác.")
    if fold(confirm_text or "").strip().upper() != fold(PURGE_WORD).upper():
        raise ValidationFailed(f"Để xóa vĩnh viễn, hãy gõ chữ “{PURGE_WORD}” vào ô xác nhận.")
    names = [v.storage_name for v in document.versions]
    document_id, title = document.id, document.display_title
    begin_write()
    audit.record(
        "document.purge",
        None,
        user=user,
        object_type="documents",
        object_id=document_id,
        before=snapshot(document),
        summary=f"Xóa vĩnh viễn “{title}”",
    )
    _enqueue(document_id, "delete")
    db.session.delete(document)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(IN_USE) from error
    for name in names:
        storage.remove(name)
    return document_id
