"""Reading documents: one visible document, lists with filters, citations, the API shape, home panels.

Everything passes through `security.visible_documents(user)`; a document the user may not see is NotFound.
"""

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from portal.clock import today_local
from portal.errors import NotAllowed, NotFound
from portal.extensions import db
from portal.ids import offset_value, page_value
from portal.models import AuditEvent, DataVersion, Document, DocumentVersion, Unit
from portal.models.documents import ISSUED_SORT_KEY
from portal.security import VERSION_NAME, can_edit_document, has_permission, reader_of, visible_documents
from portal.services import storage
from portal.services.accounts.units import unit_by_code
from portal.services.documents.metadata import _int_or_none, _safe_mime, snapshot
from portal.text import normalize
from portal.text.numbers import number_key as key_of

from . import citations


@dataclass
class ListPage:
    """One page of a document list."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))


def get_document(document_id, user, *, include_trashed=False):
    """The document if the user may see it (trashed ones only for the trash managers when asked); else NotFound."""
    try:
        document_id = int(document_id)
    except (TypeError, ValueError):
        raise NotFound("Không tìm thấy văn bản.") from None
    document = db.session.scalar(visible_documents(user).where(Document.id == document_id))
    if document is None and include_trashed and has_permission(user, "documents.trash"):
        document = db.session.scalar(
            select(Document).where(Document.id == document_id, Document.deleted_at.is_not(None))
        )
    if document is None:
        raise NotFound("Không tìm thấy văn bản, hoặc đồng chí không có quyền xem văn bản này.")
    return document


def live_document(document_id):
    """The document with that id unless it is in the trash; None otherwise (no visibility check: callers check)."""
    document = db.session.get(Document, document_id) if document_id else None
    return document if document is not None and document.deleted_at is None else None


def get_version(document_id, version_id, user):
    """(document, version) for a download; NotFound unless both exist, match and are visible."""
    document = get_document(document_id, user)
    version = db.session.get(DocumentVersion, int(version_id))
    if version is None or version.document_id != document.id:
        raise NotFound("Không tìm thấy phiên bản tệp này.")
    return document, version


def download_mime(version):
    """The mime type a download is served with: the stored one, never anything a browser renders as a page."""
    return _safe_mime(version.mime)


def chosen_unit_codes(document):
    """Codes of the units chosen to see a 'units' document."""
    ids = [row.unit_id for row in document.unit_rows]
    return list(db.session.scalars(select(Unit.code).where(Unit.id.in_(ids)))) if ids else []


def open_version(version):
    """An open binary file of a stored version."""
    return storage.open_for_download(version.storage_name)


SORTS = {
    # coalesce(issued_on, '0001-01-01') DESC is "newest first, undated last", walked in ix_documents_issued_sort's order
    "moi_nhat": (ISSUED_SORT_KEY.desc(), Document.id.desc()),
    "cu_nhat": (Document.issued_on.asc().nulls_last(), Document.id.asc()),
    "moi_tai": (Document.created_at.desc(), Document.id.desc()),
    "so": (Document.number_key.asc().nulls_last(), Document.id.asc()),
    "ten": (Document.title.asc(), Document.id.asc()),
}


def list_documents(
    user,
    *,
    q=None,
    doc_type=None,
    year=None,
    unit=None,
    issuer=None,
    sort="moi_nhat",
    page=1,
    per_page=20,
    trash=False,
    offset=None,
):
    """A page of the documents the user may see (or of the trash, for its managers), filtered and sorted."""
    if trash:
        if not has_permission(user, "documents.trash"):
            raise NotAllowed("Chỉ bộ phận giúp việc và quản trị viên được xem thùng rác.")
        query = select(Document).where(Document.deleted_at.is_not(None))
    else:
        query = visible_documents(user)
    query = _filtered(query, q, doc_type, year, unit, issuer)

    def count():
        return db.session.scalar(select(func.count()).select_from(query.subquery()))

    # The exact total costs a scan of every visible row; it changes only with the data, so it is kept per reader
    # class and data version like the filter menus (the trash, for its managers only, is counted each time).
    total = count() if trash else _per_data_version(user, ("total", q, doc_type, year, unit, issuer), count)
    page = page_value(page)
    offset = (page - 1) * per_page if offset is None else offset_value(offset)
    items = db.session.scalars(query.order_by(*SORTS.get(sort, SORTS["moi_nhat"])).limit(per_page).offset(offset)).all()
    return ListPage(items, total, page, per_page)


def _filtered(query, q, doc_type, year, unit, issuer):
    """Apply the list filters to a Select of Document."""
    if doc_type:
        query = query.where(Document.doc_type == doc_type)
    if year:
        query = query.where(Document.issued_year == _int_or_none(year, "năm"))
    if unit:
        found = unit_by_code(unit)
        query = query.where(Document.owner_unit_id == (found.id if found else -1))
    if issuer:
        query = query.where(Document.issuer.ilike(f"%{_like(issuer)}%", escape="\\"))
    if q:
        key = key_of(q)
        like = f"%{_like(normalize(q).strip())}%"
        conditions = [Document.title.ilike(like, escape="\\"), Document.number.ilike(like, escape="\\")]
        if key:
            conditions.append(Document.number_key == key)
        query = query.where(or_(*conditions))
    return query


def _like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


CACHE_SIZE = 512
_cache_lock = threading.Lock()


def _data_key(user):
    """What the list's totals and filter menus depend on: the database, the reader's visibility class, the visibility
    data version (security.data_version, bumped in the same transaction as any change that decides visibility), the
    date, and the documents' own fingerprint (newest id, last update: an edited issuer or year changes no visibility).

    One statement of scalar sub-selects, each answered from an index end; None when this session wrote visibility
    data not yet committed (never cache what others cannot see yet).
    """
    if db.session.info.get("visibility_changed"):
        return None
    parts = (
        select(DataVersion.token).where(DataVersion.name == VERSION_NAME),
        select(func.max(Document.id)),
        select(func.max(Document.updated_at)),
    )
    row = db.session.execute(select(*(part.scalar_subquery() for part in parts))).one()
    return (str(db.session.get_bind().url), reader_of(user), *row, today_local())


_cache: OrderedDict = OrderedDict()  # per process; the key names the database, reader, data version and date


def _per_data_version(user, what: tuple, compute):
    """``compute()`` (a count or values over the user's visible documents), cached per reader class and data version.

    The key holds the reader's visibility class and the data version, so a change to any document, its units, a
    material, the reader's roles or unit, or the date misses the cache; ``what`` names the value and its arguments.
    """
    key = _data_key(user)
    if key is None:
        return compute()
    key = (*key, what)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    value = compute()
    with _cache_lock:
        _cache[key] = value
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def facet_values(user):
    """Years and issuers among the visible documents, for the list's filter menus (cached per reader and data
    version)."""
    return _per_data_version(user, ("filter values",), lambda: _facet_values(user))


def _facet_values(user):
    """Years and issuers among the visible documents (two DISTINCT scans)."""
    ids = visible_documents(user).with_only_columns(Document.id)
    years = db.session.scalars(
        select(Document.issued_year)
        .where(Document.id.in_(ids), Document.issued_year.is_not(None))
        .distinct()
        .order_by(Document.issued_year.desc())
    ).all()
    issuers = db.session.scalars(
        select(Document.issuer)
        .where(Document.id.in_(ids), Document.issuer.is_not(None))
        .distinct()
        .order_by(Document.issuer)
    ).all()
    return {"years": tuple(years), "issuers": tuple(issuers)}


def citations_of(document, user):
    """{"cites": [CitedItem], "cited_by": [(Document, Citation)]}: only visible documents are linked."""
    return {"cites": citations.cites(document, user), "cited_by": citations.cited_by(document, user)}


def waiting_citations(user=None):
    """References not yet in the library, grouped by number with counts (for the secretariat's worklist)."""
    return citations.waiting_groups(user)


def document_data(document, user, version_url):
    """The API's shape of a document: metadata, citations both ways, plan links, versions (with download urls)."""
    found = citations_of(document, user)
    data = {
        "id": document.id,
        **snapshot(document),
        "type": document.doc_type,
        "type_label": document.type_label,
        "title": document.display_title,
        "legacy_encoding": document.legacy_encoding,
        "owner_unit": document.owner_unit.code if document.owner_unit else None,
        "units": chosen_unit_codes(document),
        "created_at": _iso(document.created_at),
    }
    data["citations"] = {
        "cites": [
            {"number": c.number, "key": c.number_key, "raw": c.raw, "document_id": c.target.id if c.target else None}
            for c in found["cites"]
        ],
        "cited_by": [
            {"document_id": src.id, "number": src.number, "title": src.display_title} for src, _c in found["cited_by"]
        ],
    }
    data["links"] = task_links(document)
    data["versions"] = [
        {
            "id": v.id,
            "version_no": v.version_no,
            "name": v.original_name,
            "size": v.size,
            "sha256": v.sha256,
            "kind": v.kind,
            "pages": v.page_count,
            "ocr_pages": v.ocr_pages,
            "extraction": v.extraction_status,
            "unread_reason": v.unread_reason,
            "ocr_pending": list(v.ocr_pending or ()),
            "quality": v.quality,
            "text_poor": v.text_poor,
            "poor_reason": v.poor_reason,
            "created_at": _iso(v.created_at),
            "download": version_url(document, v),
        }
        for v in document.versions
    ]
    return data


def _iso(value):
    return value.isoformat() if value else None


def task_links(document):
    """The plan tasks this document is linked to: code, relation."""
    from portal.models import DocumentTaskLink, PlanTask

    rows = db.session.execute(
        select(PlanTask.code, DocumentTaskLink.relation)
        .join(PlanTask, PlanTask.id == DocumentTaskLink.task_id)
        .where(DocumentTaskLink.document_id == document.id)
        .order_by(DocumentTaskLink.id)
    )
    return [{"task": code, "relation": relation} for code, relation in rows]


def audit_trail(document, limit=50):
    """The audit events of a document, newest first."""
    return db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.object_type == "documents", AuditEvent.object_id == str(document.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    ).all()


def unit_names(document):
    """Names of the units that may see a 'units' document (owner first)."""
    ids = [document.owner_unit_id] + [row.unit_id for row in document.unit_rows]
    units = {u.id: u.name for u in db.session.scalars(select(Unit).where(Unit.id.in_([i for i in ids if i])))}
    return [units[i] for i in dict.fromkeys(ids) if i in units]


def may_edit(document, user):
    """True when the user may edit this document."""
    return can_edit_document(user, document)


def newest_documents(user, limit=5):
    """The newest documents the user may see."""
    return list(
        db.session.scalars(
            visible_documents(user).order_by(Document.created_at.desc(), Document.id.desc()).limit(limit)
        )
    )


def is_secret(document):
    """True when the document carries a secrecy grade."""
    return document.secrecy != "thuong"
