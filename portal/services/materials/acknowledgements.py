"""Confirming a material (quán triệt) and following it up: per-version confirmations, what each person still has to
study, rates per unit, the branch secretary's scope, reminders, and the numbers the scorecard uses.

Who is asked and counted is one rule (``reads.audience_accounts_query``): every active account of a unit in the
audience, whatever its role.
"""

from sqlalchemy import exists, select, true

from portal.clock import utcnow
from portal.database import begin_write
from portal.errors import Conflict, NotAllowed
from portal.extensions import db
from portal.models import Acknowledgement, Material, Unit, User
from portal.security import (
    has_permission,
    live_material_clause,
    material_audience_clause,
    secretary_unit_id,
)
from portal.services import audit
from portal.services.notifications import mark_read_for

from .notifications import notify_reminder
from .notifications import target as material_target
from .reads import (
    audience_accounts_query,
    audience_unit_ids,
    get_visible,
    in_audience,
    is_live,
    is_overdue,
    live_materials,
)


def acknowledge(material, user, ip=None):
    """Record 'Tôi đã nghiên cứu, quán triệt' for the current version; (ack, created). Idempotent per version."""
    get_visible(material.id, user)
    if not is_live(material):
        raise Conflict("Tài liệu chưa được phát hành, chưa xác nhận được.")
    if not in_audience(material, user):
        raise Conflict("Tài liệu này không gửi tới đơn vị của đồng chí, không cần xác nhận.")
    existing = ack_for(material, user)
    if existing is not None:
        return existing, False
    begin_write()
    ack = Acknowledgement(material_id=material.id, user_id=user.id, version=material.version, at=utcnow(), ip=ip)
    db.session.add(ack)
    db.session.flush()
    audit.record(
        "material.acknowledge",
        material,
        user=user,
        summary=f"Xác nhận đã nghiên cứu, quán triệt: {material.title} (phiên bản {material.version})",
        after={"version": material.version},
    )
    mark_read_for(user, material_target(material))  # once acknowledged, its notifications are done: the badge drops
    db.session.commit()
    return ack, True


def ack_for(material, user, version=None):
    """The user's confirmation of this version (default: the current one), or None."""
    return db.session.scalar(
        select(Acknowledgement).where(
            Acknowledgement.material_id == material.id,
            Acknowledgement.user_id == user.id,
            Acknowledgement.version == (version or material.version),
        )
    )


def ack_status(material, user):
    """{'acknowledged': ack for the current version or None, 'previous': the latest older ack or None, 'needs_ack'}."""
    current = ack_for(material, user)
    previous = None
    if current is None:
        previous = db.session.scalar(
            select(Acknowledgement)
            .where(
                Acknowledgement.material_id == material.id,
                Acknowledgement.user_id == user.id,
            )
            .order_by(Acknowledgement.version.desc())
            .limit(1)
        )
    needs = current is None and user.is_active and is_live(material) and in_audience(material, user)
    return {"acknowledged": current, "previous": previous, "needs_ack": needs}


def pending_for(user):
    """Live materials addressed to the user's unit with no confirmation of their current version, earliest deadline first."""
    if not user.is_active or user.unit_id is None:
        return []
    acked = exists().where(
        Acknowledgement.material_id == Material.id,
        Acknowledgement.user_id == user.id,
        Acknowledgement.version == Material.version,
    )
    # Editors may *see* drafts; what a member must *study* is what is live and addressed to their unit.
    query = select(Material).where(live_material_clause(), material_audience_clause(user.unit_id), ~acked)
    return list(db.session.scalars(query.order_by(Material.deadline.is_(None), Material.deadline, Material.id)))


# --- tracking -------------------------------------------------------------------------------------------


def _acked_user_ids(material):
    """Ids of users who confirmed the current version."""
    return set(
        db.session.scalars(
            select(Acknowledgement.user_id).where(
                Acknowledgement.material_id == material.id, Acknowledgement.version == material.version
            )
        )
    )


def _share(done, total):
    """done/total rounded to 4 places, or None when nobody is counted."""
    return round(done / total, 4) if total else None


def rates(material, unit_ids=None):
    """{'version','total','acknowledged','rate','units':[{unit_id,code,name,total,acknowledged,rate}]} over the audience."""
    wanted = audience_unit_ids(material)
    if unit_ids is not None:
        wanted = [u for u in wanted if u in set(unit_ids)]
    members = db.session.scalars(audience_accounts_query(wanted)).all()
    acked = _acked_user_ids(material)
    per_unit = {}
    for member in members:
        row = per_unit.setdefault(member.unit_id, [0, 0])
        row[0] += 1
        row[1] += member.id in acked
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(per_unit))))}
    rows = [
        {
            "unit_id": uid,
            "code": units[uid].code,
            "name": units[uid].name,
            "total": t,
            "acknowledged": a,
            "rate": _share(a, t),
        }
        for uid, (t, a) in sorted(per_unit.items(), key=lambda kv: units[kv[0]].code)
    ]
    total, done = sum(r["total"] for r in rows), sum(r["acknowledged"] for r in rows)
    return {
        "version": material.version,
        "total": total,
        "acknowledged": done,
        "rate": _share(done, total),
        "units": rows,
    }


def acknowledgements(material, unit_ids=None):
    """(ack, user) pairs for the current version, optionally limited to users of these units, by time."""
    query = (
        select(Acknowledgement, User)
        .join(User, User.id == Acknowledgement.user_id)
        .where(Acknowledgement.material_id == material.id, Acknowledgement.version == material.version)
    )
    if unit_ids is not None:
        query = query.where(User.unit_id.in_(list(unit_ids)))
    return [tuple(row) for row in db.session.execute(query.order_by(Acknowledgement.at, User.username))]


def unacknowledged_members(material, unit_id):
    """Accounts of the unit in the audience who have not confirmed the current version, by name."""
    if unit_id not in audience_unit_ids(material):
        return []
    acked = _acked_user_ids(material)
    members = db.session.scalars(audience_accounts_query([unit_id]).order_by(User.full_name, User.username))
    return [m for m in members if m.id not in acked]


def tracking_units(user):
    """Unit ids the user may track: all for secretariat/admin, own branch for a branch secretary; NotAllowed else."""
    if has_permission(user, "materials.manage"):
        return None
    unit_id = secretary_unit_id(user)
    if unit_id is None or not has_permission(user, "materials.track"):
        raise NotAllowed("Chỉ bộ phận giúp việc và bí thư chi bộ được theo dõi việc xác nhận quán triệt.")
    return [unit_id]


def remind(material, unit_id, user):
    """Notify the unit's accounts that have not confirmed; a branch secretary reminds only their own branch. -> count."""
    scope = tracking_units(user)
    if scope is not None and unit_id not in scope:
        raise NotAllowed("Bí thư chi bộ chỉ được nhắc đảng viên của chi bộ mình.")
    if not is_live(material):
        raise Conflict("Tài liệu chưa được phát hành.")
    members = unacknowledged_members(material, unit_id)
    if not members:
        return 0
    begin_write()
    notify_reminder(material, members)
    audit.record(
        "material.remind",
        material,
        user=user,
        summary=f"Nhắc {len(members)} đảng viên xác nhận: {material.title}",
        after={"unit_id": unit_id, "users": [m.username for m in members]},
    )
    db.session.commit()
    return len(members)


def count_pending(user):
    """How many materials the user still has to confirm."""
    return len(pending_for(user))


def confirmation_numbers(unit_id):
    """For the scorecard: (accounts of the unit asked to confirm, those who confirmed the current version of every
    live material addressed to the unit, number of such materials)."""
    return confirmation_numbers_many([unit_id])[unit_id]


def confirmation_numbers_many(unit_ids):
    """confirmation_numbers for several units in three statements (the scorecard's rows), not three per unit."""
    accounts = {unit_id: [] for unit_id in unit_ids}
    for user_id, unit_id in db.session.execute(
        audience_accounts_query(list(unit_ids)).with_only_columns(User.id, User.unit_id)
    ):
        accounts[unit_id].append(user_id)
    latest = {unit_id: {} for unit_id in unit_ids}
    for material_id, version, unit_id in db.session.execute(
        select(Material.id, Material.version, Unit.id)
        .join(Unit, true())  # every (material, unit) pair, kept when the unit is in the material's audience
        .where(Unit.id.in_(list(unit_ids)), live_material_clause(), material_audience_clause(Unit.id))
    ):
        latest[unit_id][material_id] = version
    everyone = [uid for ids in accounts.values() for uid in ids]
    materials = {mid for per_unit in latest.values() for mid in per_unit}
    confirmed = {}
    if everyone and materials:
        for user_id, material_id, version in db.session.execute(
            select(Acknowledgement.user_id, Acknowledgement.material_id, Acknowledgement.version).where(
                Acknowledgement.user_id.in_(everyone), Acknowledgement.material_id.in_(materials)
            )
        ):
            confirmed.setdefault(user_id, set()).add((material_id, version))
    numbers = {}
    for unit_id in unit_ids:
        asked, current = accounts[unit_id], latest[unit_id]
        if not asked or not current:
            numbers[unit_id] = (len(asked), 0, len(current))
            continue
        done = sum(
            1 for uid in asked if all((mid, version) in confirmed.get(uid, ()) for mid, version in current.items())
        )
        numbers[unit_id] = (len(asked), done, len(current))
    return numbers


def branch_follow_up(user, limit=10):
    """For a branch secretary: [(material, unconfirmed accounts of the branch, overdue)] among the newest live
    materials addressed to the branch that someone there has not confirmed."""
    unit_id = secretary_unit_id(user)
    if unit_id is None:
        return []
    rows = []
    for material in live_materials()[:limit]:
        if unit_id not in audience_unit_ids(material):
            continue
        missing = len(unacknowledged_members(material, unit_id))
        if missing:
            rows.append((material, missing, is_overdue(material)))
    return rows


def recent_rates(limit=5):
    """[(material, rates(material), overdue)] for the newest live materials."""
    return [(material, rates(material), is_overdue(material)) for material in live_materials()[:limit]]
