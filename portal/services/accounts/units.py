"""Organisation units."""

from sqlalchemy import select

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


def update_unit(code, *, name, kind, parent_code=None, is_active=True, actor=None):
    """Rename or correct a unit (its code stays: other records and scripts name it); audited with before and after."""
    from portal.database import begin_write

    unit = unit_by_code(code)
    if unit is None:
        raise ValidationFailed(f"Không có đơn vị «{code}».", status=404)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("Cần tên đơn vị.")
    if kind not in UNIT_KINDS:
        raise ValidationFailed("Loại đơn vị không hợp lệ: " + str(kind))
    parent = unit_by_code(parent_code) if parent_code else None
    if parent_code and parent is None:
        raise ValidationFailed(f"Không có đơn vị cấp trên «{parent_code}».")
    ancestor = parent
    while ancestor is not None:
        if ancestor.id == unit.id:
            raise ValidationFailed("Đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới của nó.")
        ancestor = ancestor.parent
    begin_write()
    before = {"name": unit.name, "kind": kind_label(unit.kind), "parent": unit.parent.name if unit.parent else None}
    before["is_active"] = unit.is_active
    unit.name, unit.kind, unit.parent, unit.is_active = name, kind, parent, bool(is_active)
    after = {"name": unit.name, "kind": kind_label(kind), "parent": parent.name if parent else None}
    after["is_active"] = unit.is_active
    audit.record(
        "unit.update",
        unit,
        user=actor,
        summary=f"Sửa đơn vị {unit.code}: {unit.name}",
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    db.session.commit()
    return unit


def kind_label(kind):
    return UNIT_KINDS.get(kind, kind)


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
