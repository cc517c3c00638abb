"""Reading materials and their audience: look-ups within visibility, live materials, who is asked to confirm.

The audience rule is one: every active account whose unit is in the material's audience, whatever its role, is asked
to confirm and is counted in the rates (``audience_accounts_query``).
"""

from sqlalchemy import select

from portal.clock import today_local
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Material, Unit, User
from portal.models.documents import Document
from portal.security import live_material_clause, visible_document_ids, visible_material_ids

from .common import NOT_FOUND


def get_visible(material_id, user):
    """The material if the user may read it; NotFound (404) otherwise, the same answer for 'absent' and 'hidden'."""
    try:
        material_id = int(material_id)
    except (TypeError, ValueError):
        raise NotFound(NOT_FOUND) from None
    found = db.session.scalar(
        select(Material).where(Material.id == material_id, Material.id.in_(visible_material_ids(user)))
    )
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


def list_visible(user, *, include_drafts=True):
    """Materials the user may read, newest first (the secretariat also sees drafts and scheduled ones)."""
    query = select(Material).where(Material.id.in_(visible_material_ids(user)))
    if not include_drafts:
        query = query.where(Material.status == "published")
    return list(db.session.scalars(query.order_by(Material.published_at.desc().nullsfirst(), Material.id.desc())))


def is_live(material):
    """Published, not deleted, and its publish date reached."""
    today = today_local()
    return (
        material.status == "published"
        and material.deleted_at is None
        and (material.publish_on is None or material.publish_on <= today)
    )


def is_overdue(material):
    """True when the material's deadline has passed."""
    return bool(material.deadline and material.deadline < today_local())


def audience_unit_ids(material):
    """Unit ids of the audience: the chosen units, or every active unit when the audience is everyone."""
    if material.audience_all:
        return list(db.session.scalars(select(Unit.id).where(Unit.is_active.is_(True)).order_by(Unit.id)))
    return sorted(row.unit_id for row in material.unit_rows)


def in_audience(material, user):
    """True when the user's unit is in the material's audience (an account without a unit is in none)."""
    if getattr(user, "unit_id", None) is None:
        return False
    return material.audience_all or any(row.unit_id == user.unit_id for row in material.unit_rows)


def linked_documents(material, user):
    """(document, is_attachment) pairs of the material the user may see."""
    visible = set(
        db.session.scalars(
            visible_document_ids(user).where(Document.id.in_([row.document_id for row in material.document_rows]))
        )
    )
    return [(row.document, row.is_attachment) for row in material.document_rows if row.document_id in visible]


def live_materials():
    """Every live material, newest first."""
    query = select(Material).where(live_material_clause())
    return list(db.session.scalars(query.order_by(Material.published_at.desc(), Material.id.desc())))


def audience_accounts_query(unit_ids):
    """The one rule for who is asked to confirm and counted: active accounts of these units, whatever their role."""
    return select(User).where(User.is_active.is_(True), User.unit_id.in_(unit_ids))


def audience_members(material):
    """Every account the material asks to confirm, by name."""
    query = audience_accounts_query(audience_unit_ids(material))
    return list(db.session.scalars(query.order_by(User.full_name, User.username)))
