"""Roles, the permission table, decorators, and the one query that decides what a user may see."""

import threading
import uuid
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import and_, event, exists, false, func, or_, select, true
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .error_json import error_response
from .models import (
    DataVersion,
    Document,
    DocumentUnit,
    Material,
    MaterialDocument,
    MaterialUnit,
    PeriodUnit,
    Submission,
    TargetValue,
    Unit,
)

EVERYONE = ("member", "branch_secretary", "secretariat", "inspector", "admin")
LEADERSHIP_ROLES = ("secretariat", "inspector", "admin")
LEADERSHIP_UNIT_KINDS = ("standing", "office")

# One table: permission -> roles that hold it. Object-level rules (own branch) live in the can_* helpers below.
PERMISSIONS = {
    "home.view": EVERYONE,
    "documents.read": EVERYONE,
    # Every registered document of every visibility and secrecy, every report file and every piece of evidence
    # (material attachments still follow their material: see materials.read_all).
    "documents.read_all": ("secretariat", "inspector", "admin"),
    # Widen a document's visibility, add chosen units, or lower its secrecy (docs/DESIGN.md, "Who may read what").
    "documents.classify": ("secretariat", "admin"),
    "documents.upload": ("branch_secretary", "secretariat", "admin"),
    "documents.edit_any": ("secretariat", "admin"),
    "documents.trash": ("secretariat", "admin"),
    "citations.manage": ("secretariat", "admin"),
    "search.use": EVERYONE,
    "search.synonyms": ("secretariat", "admin"),
    "plan.read": EVERYONE,
    "plan.edit": ("secretariat", "admin"),
    "links.create": ("branch_secretary", "secretariat", "admin"),
    "targets.report": ("branch_secretary", "secretariat", "admin"),
    "reports.submit": ("branch_secretary",),
    "reports.manage": ("secretariat", "admin"),
    "reports.view_all": ("secretariat", "inspector", "admin"),
    "reports.view_own": ("branch_secretary", "secretariat", "inspector", "admin"),
    "findings.manage": ("inspector",),
    "findings.view": ("inspector", "secretariat", "admin", "branch_secretary"),
    "scorecard.view": ("secretariat", "inspector", "admin", "branch_secretary"),
    "materials.read": EVERYONE,
    "materials.read_all": ("secretariat", "admin"),
    "materials.acknowledge": EVERYONE,
    "materials.manage": ("secretariat", "admin"),
    "materials.track": ("secretariat", "branch_secretary", "admin"),
    "audit.read": ("admin", "inspector"),
    "units.view_all": ("secretariat", "inspector", "admin"),
    "users.manage": ("admin",),
    "jobs.manage": ("admin",),
    "units.manage": ("admin",),
}


def has_permission(user, permission):
    """True when the user holds a role that carries the permission."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_role(*PERMISSIONS[permission])


def is_leadership(user):
    """Leadership: secretariat, inspection committee, admin, or a member of Ban Thường vụ / the Đảng ủy office."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role(*LEADERSHIP_ROLES):
        return True
    return bool(user.unit and user.unit.kind in LEADERSHIP_UNIT_KINDS)


def secretary_unit_id(user):
    """The branch a branch secretary answers for (their own unit), or None."""
    if getattr(user, "is_authenticated", False) and user.has_role("branch_secretary"):
        return user.unit_id
    return None


def sees_every_unit(user):
    """True when the user follows every unit's reporting, findings and tracking (a permission, not role names)."""
    return has_permission(user, "units.view_all")


def units_in_scope(user):
    """Units whose reporting and tracking the user may see: every unit, or the secretary's own branch."""
    if sees_every_unit(user):
        return select(Unit.id)
    return select(Unit.id).where(Unit.id == (secretary_unit_id(user) or -1))


def _is_api_request():
    return request.path.startswith("/api/")


def _deny_anonymous():
    if _is_api_request():
        response = error_response("unauthorized", "Cần đăng nhập hoặc mã truy cập (Bearer token) hợp lệ.", 401)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response
    return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))


def login_required(view):
    """Any signed-in, active user."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return _deny_anonymous()
        return view(*args, **kwargs)

    return wrapped


def permission_required(permission):
    """Require a named permission from PERMISSIONS; anonymous users go to login (web) or get 401 (API)."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return _deny_anonymous()
            if not has_permission(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator


# --- editing and classifying documents ---------------------------------------------------------------

VISIBILITY_RANK = {"leadership": 0, "units": 1, "all": 2}
SECRECY_RANK = {"thuong": 0, "mat": 1, "toi_mat": 2, "tuyet_mat": 3}


def can_edit_document(user, document):
    """Secretariat and admin edit any document; a branch secretary edits their own branch's documents."""
    if has_permission(user, "documents.edit_any"):
        return True
    unit_id = secretary_unit_id(user)
    return unit_id is not None and document.owner_unit_id == unit_id


def widens(document, visibility, unit_ids, secrecy):
    """True when the new classification lets more people read: wider visibility, more units, or lower secrecy."""
    old_vis, new_vis = document.visibility, visibility or document.visibility
    if VISIBILITY_RANK.get(new_vis, 2) > VISIBILITY_RANK.get(old_vis, 2):
        return True
    if new_vis == "units" and unit_ids is not None:
        if set(unit_ids) - {row.unit_id for row in document.unit_rows} - {document.owner_unit_id}:
            return True
    new_sec = secrecy or document.secrecy
    return SECRECY_RANK.get(new_sec, 0) < SECRECY_RANK.get(document.secrecy, 0)


def check_classification(user, document, visibility, unit_ids, secrecy):
    """Only the secretariat and the administrator widen a document's visibility or lower its secrecy (403 otherwise)."""
    from .errors import NotAllowed

    if widens(document, visibility, unit_ids, secrecy) and not has_permission(user, "documents.classify"):
        raise NotAllowed(
            "Chỉ bộ phận giúp việc và quản trị viên được mở rộng phạm vi xem hoặc hạ độ mật của văn bản; "
            "đồng chí vẫn có thể thu hẹp phạm vi hoặc nâng độ mật."
        )


# --- the one visibility query (docs/DESIGN.md, "Who may read what") -----------------------------------


@dataclass(frozen=True)
class Reader:
    """All the rule looks at about a reader. Users with equal Readers see the same set: it is the cache key."""

    active: bool
    read_all_documents: bool = False
    read_all_materials: bool = False
    leadership: bool = False
    unit_id: int | None = None
    secretary_of: int | None = None
    uploader_id: int | None = None

    @property
    def everything(self):
        """Reads every live document and material: no filter at all."""
        return self.active and self.read_all_documents and self.read_all_materials


NOBODY = Reader(active=False)


def reader_of(user):
    """The Reader of a user (a Reader passes through unchanged)."""
    if isinstance(user, Reader):
        return user
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    return Reader(
        active=True,
        read_all_documents=has_permission(user, "documents.read_all"),
        read_all_materials=has_permission(user, "materials.read_all"),
        leadership=is_leadership(user),
        unit_id=user.unit_id,
        secretary_of=secretary_unit_id(user),
        uploader_id=user.id if has_permission(user, "documents.upload") else None,
    )


def live_material_clause(today=None):
    """SQL condition: a material is live (published, not deleted, its publish date reached in Vietnam)."""
    from portal.clock import today_local

    return and_(
        Material.deleted_at.is_(None),
        Material.status == "published",
        or_(Material.publish_on.is_(None), Material.publish_on <= (today or today_local())),
    )


def material_audience_clause(unit_id):
    """SQL condition: the material is addressed to everyone or to this unit."""
    return or_(
        Material.audience_all.is_(True),
        exists().where(MaterialUnit.material_id == Material.id, MaterialUnit.unit_id == unit_id),
    )


def material_clause(user, today=None):
    """SQL condition: materials this reader may read (the secretariat and admin every live one, drafts included;
    everyone else the live ones addressed to their unit)."""
    reader = reader_of(user)
    if not reader.active:
        return false()
    if reader.read_all_materials:
        return Material.deleted_at.is_(None)
    if reader.unit_id is None:
        return and_(live_material_clause(today), Material.audience_all.is_(True))
    return and_(live_material_clause(today), material_audience_clause(reader.unit_id))


def _flag(value):
    return true() if value else false()


def _report_parent(reader):
    """A report file is read by the branch that sent it and by leadership (secretariat, UBKT, admin, BTV)."""
    if reader.read_all_documents or reader.leadership:
        return exists().where(Submission.document_id == Document.id)
    if reader.unit_id is None:
        return false()
    return exists().where(
        Submission.document_id == Document.id,
        Submission.slot_id == PeriodUnit.id,
        PeriodUnit.unit_id == reader.unit_id,
    )


def _evidence_parent(reader):
    """Evidence of a unit's target value is read like that unit's reports."""
    if reader.read_all_documents or reader.leadership:
        return exists().where(TargetValue.evidence_document_id == Document.id)
    if reader.unit_id is None:
        return false()
    return exists().where(TargetValue.evidence_document_id == Document.id, TargetValue.unit_id == reader.unit_id)


def _material_parent(reader, today):
    """An attachment is read by whoever may read one of the materials it belongs to, at this date."""
    return exists().where(
        MaterialDocument.document_id == Document.id,
        MaterialDocument.material_id == Material.id,
        material_clause(reader, today),
    )


def document_clause(user, today=None):
    """SQL condition: documents this reader may read, exactly the table in docs/DESIGN.md (trash excluded)."""
    reader = reader_of(user)
    alive = Document.deleted_at.is_(None)
    if not reader.active:
        return false()
    if reader.everything:
        return alive
    leader = _flag(reader.leadership)
    own_branch = (Document.owner_unit_id == reader.secretary_of) if reader.secretary_of else false()
    if reader.read_all_documents:
        standalone_ok = true()
    else:
        unit = reader.unit_id
        in_units = (
            or_(
                Document.owner_unit_id == unit,
                exists().where(DocumentUnit.document_id == Document.id, DocumentUnit.unit_id == unit),
            )
            if unit
            else false()
        )
        by_visibility = or_(
            Document.visibility == "all",
            and_(Document.visibility == "units", in_units),
            and_(Document.visibility == "leadership", leader),
        )
        secrecy_ok = or_(Document.secrecy == "thuong", leader)
        uploader = (
            and_(Document.created_by_id == reader.uploader_id, Document.uploader_access.is_(True))
            if reader.uploader_id
            else false()
        )
        standalone_ok = or_(and_(by_visibility, secrecy_ok), own_branch, uploader)
    part_secrecy_ok = (
        true() if (reader.read_all_documents or reader.leadership) else or_(Document.secrecy == "thuong", own_branch)
    )
    parent_ok = or_(_material_parent(reader, today), _report_parent(reader), _evidence_parent(reader))
    return and_(
        alive,
        or_(
            and_(Document.part_of.is_(None), standalone_ok),
            and_(Document.part_of.is_not(None), part_secrecy_ok, parent_ok),
        ),
    )


def visible_document_ids(user, today=None):
    """Select of Document.id the user may see. Every list, page, download, export and count passes here."""
    return select(Document.id).where(document_clause(user, today))


def visible_documents(user, today=None):
    """Select of Document rows the user may see."""
    return select(Document).where(document_clause(user, today))


def visible_material_ids(user, today=None):
    """Select of Material.id the user may read."""
    return select(Material.id).where(material_clause(user, today))


def visible_materials(user, today=None):
    """Select of Material rows the user may read."""
    return select(Material).where(material_clause(user, today))


def can_see_document(user, document_id):
    """True when the document is in the user's visible set."""
    from .extensions import db

    return db.session.scalar(visible_document_ids(user).where(Document.id == document_id)) is not None


def can_see_material(user, material_id):
    """True when the material is in the user's visible set."""
    from .extensions import db

    return db.session.scalar(visible_material_ids(user).where(Material.id == material_id)) is not None


# --- the visible set as a cached, compact filter (search) ----------------------------------------------

VERSION_NAME = "visibility"
_FILTER_CACHE = OrderedDict()
_FILTER_CACHE_SIZE = 256
_FILTER_LOCK = threading.Lock()
STATS = {"hits": 0, "misses": 0, "appended": 0}


@dataclass(frozen=True)
class VisibleFilter:
    """The ids a reader may see, as sorted arrays (8 bytes an id); ``key`` names the data it was computed from.

    ``upto`` is the newest document id the set was computed over: documents added since (with nothing else changed)
    are read on their own and appended (``visible_filter``)."""

    documents: array
    materials: array
    key: tuple
    upto: int = 0


def data_version(session):
    """(the visibility data version token ('' when the row is missing), the newest document id), in one statement."""
    token = select(DataVersion.token).where(DataVersion.name == VERSION_NAME).scalar_subquery()
    token, newest = session.execute(select(token, select(func.max(Document.id)).scalar_subquery())).one()
    return token or "", newest or 0


def visible_filter(user, session=None):
    """The reader's visible set for search: None for those who see everything, else a cached VisibleFilter.

    Computed once per visibility class (the Reader), keyed by the data version (bumped in the same transaction as any
    change that decides visibility), the date (publish dates arrive with no write) and the database.
    The index generation is handled by the search engine, which maps the ids to docnums once per generation.

    New documents alone do not bump the version where ids are given in commit order (SQLite: one writer at a time):
    they decide no other row's visibility, so the cached set is extended by the same rule applied to the documents
    above its ``upto`` (one indexed range read) instead of being read again whole after every upload.
    """
    from portal.clock import today_local

    from .extensions import db

    reader = reader_of(user)
    if reader.everything:
        return None
    session = session or db.session
    today = today_local()
    version, newest = data_version(session)  # read before the ids: the set covers documents up to ``newest``
    own_writes = session.info.get("visibility_changed", False)
    key = (str(session.get_bind().url), reader, version, today)
    cacheable = bool(version) and not own_writes
    found = None
    if cacheable:
        with _FILTER_LOCK:
            found = _FILTER_CACHE.get(key)
            if found is not None:
                _FILTER_CACHE.move_to_end(key)
        if found is not None and found.upto == newest:
            STATS["hits"] += 1
            return found
    ids = visible_document_ids(reader, today).where(Document.id <= newest).order_by(Document.id)
    if found is not None and found.upto < newest:
        STATS["appended"] += 1
        docs = found.documents + array("q", session.scalars(ids.where(Document.id > found.upto)))
        mats = found.materials
    else:
        STATS["misses"] += 1
        docs = array("q", session.scalars(ids))
        mats = array("q", session.scalars(visible_material_ids(reader, today).order_by(Material.id)))
    built = VisibleFilter(docs, mats, (*key, newest), newest)
    if cacheable:
        with _FILTER_LOCK:
            _FILTER_CACHE[key] = built
            while len(_FILTER_CACHE) > _FILTER_CACHE_SIZE:
                _FILTER_CACHE.popitem(last=False)
    return built


def clear_filter_cache():
    """Forget every cached visible set (tests, benchmarks)."""
    with _FILTER_LOCK:
        _FILTER_CACHE.clear()


# What decides visibility: these models, and on the dirty ones these attributes (None: any change).
_WATCHED = {
    "Document": {"visibility", "secrecy", "owner_unit_id", "deleted_at", "part_of", "uploader_access", "created_by_id"},
    "DocumentUnit": None,
    "Material": {"status", "audience_all", "publish_on", "deleted_at"},
    "MaterialUnit": None,
    "MaterialDocument": None,
    "Submission": {"document_id", "slot_id"},
    "PeriodUnit": {"unit_id"},
    "TargetValue": {"evidence_document_id", "unit_id"},
    "User": {"unit_id", "is_active"},
    "UserRole": None,
    "Unit": {"kind"},
}


def _only_new_documents(session) -> bool:
    """True when the watched rows of this flush are all new documents (with the chosen units of those documents):
    rows that decide the visibility of nothing but themselves."""
    new_documents = {obj.id for obj in session.new if type(obj).__name__ == "Document"}  # ids given by the flush
    for obj in session.new:
        name = type(obj).__name__
        if name == "DocumentUnit" and obj.document_id in new_documents:
            continue
        if name in _WATCHED and name != "Document":
            return False
    return bool(new_documents)


def _changes_visibility(session):
    return any(type(obj).__name__ in _WATCHED for obj in session.new) or _changed_existing(session)


def _changed_existing(session) -> bool:
    """True when the flush changed or deleted rows that decide visibility (the watched attributes)."""
    for obj in session.deleted:
        if type(obj).__name__ in _WATCHED:
            return True
    for obj in session.dirty:
        names = _WATCHED.get(type(obj).__name__, False)
        if names is False:
            continue
        state = sa_inspect(obj)
        if names is None:
            if session.is_modified(obj):
                return True
        elif any(state.attrs[name].history.has_changes() for name in names):
            return True
    return False


def _ids_in_commit_order(session) -> bool:
    """SQLite admits one writer at a time, so a document id above another was committed after it. PostgreSQL's
    sequences hand out ids before commit: a later commit can hold a lower id, so there every change bumps."""
    return session.get_bind().dialect.name == "sqlite"


@event.listens_for(Session, "after_flush")
def _bump_visibility_version(session, _context):
    """Bump the data version in the flushing transaction whenever visibility-relevant data changed."""
    if not _changes_visibility(session):
        return
    session.info["visibility_changed"] = True  # this session's own reads bypass the caches until it commits
    if _only_new_documents(session) and not _changed_existing(session) and _ids_in_commit_order(session):
        return  # visible_filter extends its cached sets by the new ids; nothing else was decided
    token = uuid.uuid4().hex
    table = DataVersion.__table__
    conn = session.connection()
    done = conn.execute(table.update().where(table.c.name == VERSION_NAME).values(token=token))
    if not done.rowcount:
        conn.execute(table.insert().values(name=VERSION_NAME, token=token))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_own_writes(session, *_args):
    session.info.pop("visibility_changed", None)
