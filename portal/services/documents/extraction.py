"""How a document version was read: its extraction state and quality, OCR in the background, the "poor text" list.

An upload never waits for OCR: the text layer is stored at once (``extract_file(defer_ocr=True)``) and the pages
waiting for OCR are listed on the version (``ocr_pending``). The ``documents.ocr`` job (general lane, never the
index-writing one) OCRs them one page at a time, each in its own limited child, and commits each page with the
shrunken pending list and an index update: the document becomes searchable page by page, and a run after a crash
starts from the pages still listed, so no finished page is lost or done twice. A file stored before its converter or
OCR was installed is "unread" with the reason; ``reextract`` reads it once the component is there.
"""

import re
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from portal.database import begin_write
from portal.extensions import db
from portal.models import Document, DocumentPage, DocumentVersion
from portal.security import can_edit_document, visible_documents
from portal.services import jobs, storage

OCR_KIND = "documents.ocr"
OCR_LABEL = "Nhận dạng chữ (OCR) văn bản quét"

STATUS_OK, STATUS_OCR_PENDING, STATUS_UNREAD = "ok", "ocr_pending", "unread"

OCR_PROGRESS = "Đang nhận dạng chữ (OCR): {done}/{total} trang"
OCR_WAITING = "Đang chờ nhận dạng chữ (OCR) {total} trang quét"
OCR_FAILED = (
    "Nhận dạng chữ (OCR) chưa xong: {error}. Đã nhận dạng {done}/{total} trang; quản trị viên có thể bấm "
    "«Thử lại» trong trang Quản trị › Việc nền."
)
UNREAD_NOTE = "Chưa đọc được nội dung tệp: {reason}"


def _key(version_id):
    return f"version:{version_id}"


# --- writing the state of one extraction (inside the caller's write transaction) ----------------------------------


def page_rows(result):
    """DocumentPage rows for an ExtractionResult's pages."""
    return [
        DocumentPage(page_no=p.number, text=p.text, is_ocr=p.is_ocr, ocr_confidence=p.confidence) for p in result.pages
    ]


def apply_result(version, result):
    """Copy an ExtractionResult's state and quality onto a version (pages are the caller's); queue OCR if needed."""
    status = result.status or STATUS_OK
    version.extraction_status = status
    version.unread_code = result.unread_code if status == STATUS_UNREAD else None
    version.unread_reason = result.unread_reason if status == STATUS_UNREAD else None
    pending = sorted({int(n) for n in result.ocr_needed}) if status == STATUS_OCR_PENDING else []
    version.ocr_pending = pending or None
    _set_quality(version, result.quality, ocr_total=len(pending))
    if pending:
        db.session.flush()
        jobs.cancel(OCR_KIND, _key(version.id))
        jobs.enqueue(OCR_KIND, {"version_id": version.id}, dedupe_key=_key(version.id))


def _set_quality(version, quality, ocr_total=None):
    """Store a Quality (or None) as plain data, with the poor flag and reason."""
    if quality is None:
        version.quality, version.text_poor, version.poor_reason = None, False, None
        return
    data = asdict(quality)
    data.pop("poor", None)
    data.pop("reason", None)
    previous = version.quality or {}
    data["ocr_total"] = ocr_total if ocr_total is not None else previous.get("ocr_total", 0)
    version.quality = data
    version.text_poor, version.poor_reason = bool(quality.poor), quality.reason


def _reassess(version):
    """Quality of the version's stored pages, counting pages still waiting for OCR as pending, not empty."""
    from portal.extraction import Page, assess_pages

    pages = [Page(p.page_no, p.text, p.is_ocr, p.ocr_confidence) for p in version.pages]
    reason = version.unread_reason if version.extraction_status == STATUS_UNREAD else None
    return assess_pages(pages, version.page_count, pending=list(version.ocr_pending or ()), unread_reason=reason)


# --- the OCR job ---------------------------------------------------------------------------------------------------


def _ocr_job(payload, ctx):
    """OCR the pages of one version still listed as pending, committing each page as it lands."""
    from portal.extraction import ExtractionError, ocr_pages

    version = db.session.get(DocumentVersion, int(payload["version_id"]))
    if version is None or not version.ocr_pending:
        return
    pending = list(version.ocr_pending)
    total = int((version.quality or {}).get("ocr_total") or len(pending))
    version_id, stored, name = version.id, storage.path_for(version.storage_name), version.original_name
    db.session.rollback()  # no read transaction held open while the pages are recognised
    ctx.progress(total - len(pending), total)
    config = ctx.app.config
    try:
        with storage.named_like(stored, name) as path:
            for page in ocr_pages(
                path,
                pending,
                timeout_per_page=float(config.get("OCR_PAGE_TIMEOUT", 120)),
                memory_mb=int(config.get("EXTRACT_MEMORY_MB", 1024)),
            ):
                done = _store_page(version_id, page)
                if done is None:  # the version was re-read or removed meanwhile: its own job takes over
                    return
                ctx.progress(total - done, total)
    except ExtractionError as error:
        if error.code != "ocr_unavailable":
            raise
        _mark_unread(version_id, "ocr_unavailable", error.message)


def _store_page(version_id, page):
    """One OCR'd page in its own transaction, with the pending list and an index update; pages left, or None."""
    from portal.search import jobs as index_jobs

    begin_write()
    version = db.session.get(DocumentVersion, version_id)
    pending = list(version.ocr_pending or ()) if version is not None else []
    if page.number not in pending:
        db.session.rollback()
        return None
    row = next((p for p in version.pages if p.page_no == page.number), None)
    if row is None:
        row = DocumentPage(page_no=page.number)
        version.pages.append(row)
    row.text, row.is_ocr, row.ocr_confidence = page.text, page.is_ocr, page.confidence
    pending.remove(page.number)
    version.ocr_pending = pending or None
    version.ocr_pages = sum(1 for p in version.pages if p.is_ocr)
    if not pending:
        version.extraction_status = STATUS_OK
    db.session.flush()
    _set_quality(version, _reassess(version))
    index_jobs.enqueue(db.session, "document", version.document_id)
    db.session.commit()
    return len(pending)


def _mark_unread(version_id, code, reason):
    """OCR cannot run here (any more): the version waits, unread, for `flask documents reextract`."""
    begin_write()
    version = db.session.get(DocumentVersion, version_id)
    version.extraction_status, version.unread_code, version.unread_reason = STATUS_UNREAD, code, reason
    version.ocr_pending = None
    db.session.flush()
    _set_quality(version, _reassess(version))
    db.session.commit()


jobs.register(OCR_KIND, _ocr_job, label=OCR_LABEL, max_attempts=3, backoff=60.0, lease=300.0)


# --- reading the state ---------------------------------------------------------------------------------------------


@dataclass
class ExtractionState:
    """What the document page says about how its text was read (``message`` None: nothing to say)."""

    status: str
    message: str | None
    done: int = 0
    total: int = 0
    failed: bool = False
    running: bool = False
    poor_reason: str | None = None

    def to_dict(self):
        return asdict(self)


def state_of(version):
    """The extraction state of a version for its page and the JSON poll (progress of its OCR job)."""
    if version is None:
        return ExtractionState(STATUS_OK, None)
    poor = version.poor_reason if version.text_poor else None
    if version.extraction_status == STATUS_UNREAD:
        return ExtractionState(STATUS_UNREAD, UNREAD_NOTE.format(reason=version.unread_reason or ""), poor_reason=None)
    if version.extraction_status != STATUS_OCR_PENDING or not version.ocr_pending:
        return ExtractionState(STATUS_OK, None, poor_reason=poor)
    total = int((version.quality or {}).get("ocr_total") or len(version.ocr_pending))
    done = total - len(version.ocr_pending)
    job = jobs.find(OCR_KIND, _key(version.id))
    if job is not None and job.status == "failed":
        last = (job.last_error or "").strip().splitlines()
        error = re.sub(r"^[\w.]+(Error|Exception|Exit): ", "", last[-1])[:200] if last else "lỗi không rõ"
        message = OCR_FAILED.format(error=error, done=done, total=total)
        return ExtractionState(STATUS_OCR_PENDING, message, done, total, failed=True)
    running = job is not None and job.status == "running"
    message = OCR_PROGRESS.format(done=done, total=total) if running or done else OCR_WAITING.format(total=total)
    return ExtractionState(STATUS_OCR_PENDING, message, done, total, running=running)


def _current_versions():
    """Subquery: the id of each document's newest version."""
    return select(func.max(DocumentVersion.id).label("id")).group_by(DocumentVersion.document_id).scalar_subquery()


def poor_text_documents(user, limit=500):
    """(document, current version) pairs whose current text is poor or unread, among the documents the user may see
    and edit (the secretariat: all it sees; a branch secretary: their branch's)."""
    visible = visible_documents(user).with_only_columns(Document.id)
    query = (
        select(Document, DocumentVersion)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            DocumentVersion.id.in_(_current_versions()),
            DocumentVersion.text_poor.is_(True) | (DocumentVersion.extraction_status == STATUS_UNREAD),
            Document.id.in_(visible),
            Document.deleted_at.is_(None),
        )
        .order_by(DocumentVersion.created_at.desc(), Document.id.desc())
        .limit(limit)
    )
    return [(d, v) for d, v in db.session.execute(query).all() if can_edit_document(user, d)]


def unread_documents(codes=None):
    """Documents whose current version is stored unread (optionally only for these unread codes), oldest first."""
    query = (
        select(Document)
        .join(DocumentVersion, DocumentVersion.document_id == Document.id)
        .where(
            DocumentVersion.id.in_(_current_versions()),
            DocumentVersion.extraction_status == STATUS_UNREAD,
            Document.deleted_at.is_(None),
        )
        .order_by(Document.id)
    )
    if codes:
        query = query.where(DocumentVersion.unread_code.in_(list(codes)))
    return list(db.session.scalars(query))


def ocr_waiting(document_ids):
    """Of these documents, those whose current version still waits for OCR (for `flask documents import --wait`)."""
    if not document_ids:
        return []
    query = select(DocumentVersion).where(
        DocumentVersion.id.in_(_current_versions()),
        DocumentVersion.document_id.in_(list(document_ids)),
        DocumentVersion.extraction_status == STATUS_OCR_PENDING,
    )
    return list(db.session.scalars(query))
