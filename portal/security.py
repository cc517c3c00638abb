"""Roles, the permission table, decorators, and the one query that decides what a user may see."""

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import and_, exists, or_, select

from .error_json import error_response
from .models import Document, DocumentUnit, Material, MaterialUnit, Unit

EVERYONE = ("member", "branch_secretary", "secretariat", "inspector", "admin")
LEADERSHIP_ROLES = ("secretariat", "inspector", "admin")
LEADERSHIP_UNIT_KINDS = ("standing", "office")

# One table: permission -> roles that hold it. Object-level rules (own branch) live in the can_* helpers below.
PERMISSIONS = {
    "home.view": EVERYONE,
    "documents.read": EVERYONE,
    "documents.upload": ("branch_secretary", "secretariat", "admin"),
    "documents.edit_any": ("secretariat", "admin"),
    "documents.trash": ("secretariat", "admin"),
    "citations.manage": ("secretariat", "admin"),
    "search.use": EVERYONE,
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
    "materials.acknowledge": EVERYONE,
    "materials.manage": ("secretariat", "admin"),
    "materials.track": ("secretariat", "branch_secretary", "admin"),
    "audit.read": ("admin", "inspector"),
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


# --- the one visibility query -------------------------------------------------------------------------


def _document_visibility_clause(user):
    """SQL condition: documents this user may see (trash excluded)."""
    alive = Document.deleted_at.is_(None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return and_(alive, False)
    if user.has_role("admin", "secretariat", "inspector"):
        return alive
    leader = is_leadership(user)
    own_unit = Document.owner_unit_id == user.unit_id if user.unit_id else False
    chosen = exists().where(DocumentUnit.document_id == Document.id, DocumentUnit.unit_id == user.unit_id)
    by_visibility = or_(
        Document.visibility == "all",
        and_(Document.visibility == "units", or_(chosen, own_unit)),
        and_(Document.visibility == "leadership", leader),
        own_unit,
    )
    secret_ok = or_(Document.secrecy == "thuong", leader, and_(own_unit, user.has_role("branch_secretary")))
    return and_(alive, by_visibility, secret_ok)


def visible_document_ids(user):
    """Select of Document.id the user may see. Every list, page, download, export and search passes here."""
    return select(Document.id).where(_document_visibility_clause(user))


def visible_documents(user):
    """Select of Document rows the user may see."""
    return select(Document).where(_document_visibility_clause(user))


def can_see_document(user, document_id):
    """True when the document is in the user's visible set."""
    from .extensions import db

    return db.session.scalar(visible_document_ids(user).where(Document.id == document_id)) is not None


def can_edit_document(user, document):
    """Secretariat and admin edit any document; a branch secretary edits their own branch's documents."""
    if has_permission(user, "documents.edit_any"):
        return True
    unit_id = secretary_unit_id(user)
    return unit_id is not None and document.owner_unit_id == unit_id


def live_material_clause():
    """SQL condition: a material is live (published, not deleted, its publish date reached in Vietnam)."""
    from portal.clock import today_local

    return and_(
        Material.deleted_at.is_(None),
        Material.status == "published",
        or_(Material.publish_on.is_(None), Material.publish_on <= today_local()),
    )


def material_audience_clause(unit_id):
    """SQL condition: the material is addressed to everyone or to this unit."""
    return or_(
        Material.audience_all.is_(True),
        exists().where(MaterialUnit.material_id == Material.id, MaterialUnit.unit_id == unit_id),
    )


def _material_visibility_clause(user):
    """SQL condition: materials this user may read (editors see drafts too; members see live ones addressed to them)."""
    alive = Material.deleted_at.is_(None)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return and_(alive, False)
    if user.has_role("admin", "secretariat"):
        return alive
    return and_(live_material_clause(), material_audience_clause(user.unit_id))


def visible_material_ids(user):
    """Select of Material.id the user may read."""
    return select(Material.id).where(_material_visibility_clause(user))


def visible_materials(user):
    """Select of Material rows the user may read."""
    return select(Material).where(_material_visibility_clause(user))


def units_in_scope(user):
    """Units whose reporting and tracking the user may see: all for leadership roles, own branch for a secretary."""
    if user.has_role("admin", "secretariat", "inspector"):
        return select(Unit.id)
    return select(Unit.id).where(Unit.id == (secretary_unit_id(user) or -1))
