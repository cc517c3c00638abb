"""Organisation units."""

from sqlalchemy import func, select

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
    if unit_by_code(code) is not None:
        raise Conflict(f"Mã đơn vị «{code}» đã tồn tại.")
    begin_write()
    parent = require_unit(parent_code, f"Không có đơn vị cấp trên «{parent_code}».") if parent_code else None
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


def active_branches_query():
    """The one rule for "active branches": a Select of the active chi bộ trực thuộc, in code order."""
    return select(Unit).where(Unit.kind == "branch", Unit.is_active.is_(True)).order_by(Unit.code)


def active_branches():
    """The active chi bộ trực thuộc, in code order."""
    return list(db.session.scalars(active_branches_query()))


def unit_by_code(code):
    """The one unit lookup by code: case-insensitive, surrounding spaces ignored; None when there is none."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return db.session.scalar(select(Unit).where(func.upper(Unit.code) == code))


def require_unit(code, message=None):
    """The unit with that code, or ValidationFailed ("Không có đơn vị mã “X”." unless a message is given)."""
    unit = unit_by_code(code)
    if unit is None:
        raise ValidationFailed(message or f"Không có đơn vị mã “{(code or '').strip()}”.")
    return unit


def units_by_codes(codes):
    """Units for the codes, in the order given, duplicates once; ValidationFailed naming every unknown code."""
    wanted = list(dict.fromkeys((c or "").strip().upper() for c in codes if c and c.strip()))
    found = {u.code.upper(): u for u in db.session.scalars(select(Unit).where(func.upper(Unit.code).in_(wanted)))}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationFailed("Không có đơn vị mã " + ", ".join(f"“{c}”" for c in missing) + ".")
    return [found[c] for c in wanted]
