"""Organisation units."""

from sqlalchemy import select

from portal.database import begin_write
from portal.errors import Conflict, ValidationFailed
from portal.extensions import db
from portal.models import UNIT_KINDS, Unit
from portal.services import audit


def create_unit(code, name, kind="branch", parent_code=None, actor=None):
    """Add a unit; commits."""
    code = (code or "").strip().upper()
    if not code or not name:
        raise ValidationFailed("Cần mã và tên đơn vị.")
    if kind not in UNIT_KINDS:
        raise ValidationFailed("Loại đơn vị không hợp lệ: " + kind)
    if db.session.scalar(select(Unit.id).where(Unit.code == code)):
        raise Conflict(f"Mã đơn vị «{code}» đã tồn tại.")
    begin_write()
    parent = None
    if parent_code:
        parent = db.session.scalar(select(Unit).where(Unit.code == parent_code.upper()))
        if parent is None:
            raise ValidationFailed(f"Không có đơn vị cấp trên «{parent_code}».")
    unit = Unit(code=code, name=name.strip(), kind=kind, parent=parent)
    db.session.add(unit)
    db.session.flush()
    audit.record(
        "unit.create",
        unit,
        user=actor,
        summary=f"Tạo đơn vị {unit.name}",
        after={"code": code, "name": unit.name, "kind": kind},
    )
    db.session.commit()
    return unit


def all_units(kind=None):
    """Units ordered by kind then name."""
    query = select(Unit).where(Unit.is_active.is_(True))
    if kind:
        query = query.where(Unit.kind == kind)
    order = {k: i for i, k in enumerate(UNIT_KINDS)}
    return sorted(db.session.scalars(query), key=lambda u: (order.get(u.kind, 9), u.name))


def branches():
    """The chi bộ trực thuộc."""
    return all_units("branch")


def unit_by_code(code):
    """The unit with that code, or None."""
    return db.session.scalar(select(Unit).where(Unit.code == (code or "").upper()))
