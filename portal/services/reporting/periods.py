"""Branch reporting campaigns: periods, each unit's slot and its status machine, submissions, reminders, monitoring.

The slot status machine (every step audited with before/after):

    chua_nop --submit--> da_nop | nop_muon (after the deadline)
    da_nop | nop_muon --return (comment)--> yeu_cau_bo_sung --submit (new version)--> da_nop | nop_muon
    da_nop | nop_muon --accept--> da_tiep_nhan

Anything else raises Conflict with a Vietnamese message; a closed period refuses every step.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.clock import today_local
from portal.database import begin_write
from portal.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.ids import id_value
from portal.models import (
    PERIOD_KINDS,
    SLOT_STATUSES,
    PeriodTarget,
    PeriodTask,
    PeriodUnit,
    ReportingPeriod,
    Submission,
    User,
)
from portal.models.base import utcnow
from portal.models.plan import DocumentTaskLink, Plan, PlanTarget, PlanTask, TargetValue
from portal.security import has_permission, secretary_unit_id, sees_every_unit, units_in_scope
from portal.services import audit
from portal.services.accounts.units import active_branches, units_by_codes
from portal.services.notifications import notify

OPEN_STATUSES = ("chua_nop", "yeu_cau_bo_sung")  # the unit still owes a report
AWAITING_STATUSES = ("da_nop", "nop_muon")  # submitted, waiting for the secretariat
TRANSITIONS = {
    "submit": ("chua_nop", "yeu_cau_bo_sung"),
    "return": AWAITING_STATUSES,
    "accept": AWAITING_STATUSES,
}
REFUSALS = {
    "submit": {
        "da_nop": "Báo cáo đã nộp và đang chờ tiếp nhận; chỉ nộp lại khi bộ phận giúp việc yêu cầu bổ sung.",
        "nop_muon": "Báo cáo đã nộp và đang chờ tiếp nhận; chỉ nộp lại khi bộ phận giúp việc yêu cầu bổ sung.",
        "da_tiep_nhan": "Báo cáo đã được tiếp nhận; không thể nộp lại.",
    },
    "return": {
        "chua_nop": "Đơn vị chưa nộp báo cáo nên chưa thể yêu cầu bổ sung.",
        "yeu_cau_bo_sung": "Báo cáo đã được trả lại để bổ sung; đang chờ đơn vị nộp lại.",
        "da_tiep_nhan": "Báo cáo đã được tiếp nhận; không thể yêu cầu bổ sung.",
    },
    "accept": {
        "chua_nop": "Đơn vị chưa nộp báo cáo nên chưa thể tiếp nhận.",
        "yeu_cau_bo_sung": "Báo cáo đang chờ đơn vị bổ sung; chưa thể tiếp nhận.",
        "da_tiep_nhan": "Báo cáo đã được tiếp nhận trước đó.",
    },
}


# --- look-ups and visibility -----------------------------------------------------------------------


def _scope_ids(user):
    """Unit ids whose slots the user may see."""
    return set(db.session.scalars(units_in_scope(user)))


def sees_all(user):
    """Secretariat, inspector and admin see every unit's reporting (security.sees_every_unit)."""
    return sees_every_unit(user)


def visible_periods(user):
    """Periods the user may see, newest deadline first: all for leadership roles, those with the user's slot otherwise."""
    query = select(ReportingPeriod).order_by(ReportingPeriod.deadline.desc(), ReportingPeriod.id.desc())
    if not sees_all(user):
        query = query.where(
            ReportingPeriod.id.in_(select(PeriodUnit.period_id).where(PeriodUnit.unit_id.in_(units_in_scope(user))))
        )
    return list(db.session.scalars(query))


def get_period(period_id, user):
    """A period the user may see; NotFound otherwise."""
    period = db.session.get(ReportingPeriod, _int(period_id))
    if period is None or (not sees_all(user) and not any(s.unit_id in _scope_ids(user) for s in period.slots)):
        raise NotFound("Không tìm thấy đợt báo cáo hoặc đồng chí không có quyền xem.")
    return period


def get_slot(slot_id, user):
    """A slot the user may see: NotFound for an unknown slot, NotAllowed for another branch's slot."""
    slot = db.session.get(PeriodUnit, _int(slot_id))
    if slot is None:
        raise NotFound("Không tìm thấy phần báo cáo của đơn vị.")
    if not sees_all(user) and slot.unit_id not in _scope_ids(user):
        raise NotAllowed("Đồng chí chỉ được xem và nộp báo cáo của chi bộ mình.")
    return slot


def visible_slots(period, user):
    """The period's slots the user may see, in unit-code order."""
    scope = None if sees_all(user) else _scope_ids(user)
    return sorted((s for s in period.slots if scope is None or s.unit_id in scope), key=lambda s: s.unit.code)


def slot_for_unit(period, unit_id):
    """The period's slot of a unit, or None."""
    return next((s for s in period.slots if s.unit_id == unit_id), None)


def latest_submission(slot):
    """The slot's newest submission, or None."""
    return slot.submissions[-1] if slot.submissions else None


def period_plan(period):
    """The plan a period reports on: its own, else the latest one."""
    if period.plan_id:
        return db.session.get(Plan, period.plan_id)
    return db.session.scalar(select(Plan).order_by(Plan.created_at.desc(), Plan.id.desc()).limit(1))


def asked_targets(period):
    """Targets the period asks values for (in plan order)."""
    return sorted((row.target for row in period.target_rows), key=lambda t: (t.area.ordinal, t.ordinal))


def asked_tasks(period):
    """Tasks the period asks about (in plan order)."""
    return sorted((row.task for row in period.task_rows), key=lambda t: (t.area.ordinal, t.ordinal))


def branch_secretaries(unit_id):
    """Active branch secretaries of a unit."""
    users = db.session.scalars(select(User).where(User.unit_id == unit_id, User.is_active.is_(True)))
    return [u for u in users if u.has_role("branch_secretary")]


def secretariat_users():
    """Active secretariat accounts."""
    return [u for u in db.session.scalars(select(User).where(User.is_active.is_(True))) if u.has_role("secretariat")]


def _int(value):
    found = id_value(value)
    if found is None:
        raise NotFound("Mã số không hợp lệ.")
    return found


def _require(user, permission, message):
    if not has_permission(user, permission):
        raise NotAllowed(message)


# --- periods ---------------------------------------------------------------------------------------


def open_period(
    user,
    *,
    title,
    kind,
    deadline,
    unit_codes=None,
    task_codes=(),
    target_codes=(),
    plan_id=None,
    starts_on=None,
    ends_on=None,
    instructions=None,
):
    """Open a reporting period with a slot per unit (default: every active branch) and the tasks/targets asked."""
    _require(user, "reports.manage", "Chỉ bộ phận giúp việc mở đợt báo cáo.")
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("Cần nhập tên đợt báo cáo.")
    if kind not in PERIOD_KINDS:
        raise ValidationFailed("Loại kỳ báo cáo không hợp lệ; chọn: " + ", ".join(PERIOD_KINDS.values()) + ".")
    if not isinstance(deadline, date):
        raise ValidationFailed("Cần nhập hạn nộp báo cáo (dd/mm/yyyy).")
    if starts_on and ends_on and starts_on > ends_on:
        raise ValidationFailed("Ngày bắt đầu kỳ báo cáo phải trước ngày kết thúc.")
    units = _units_for(unit_codes)
    plan = db.session.get(Plan, int(plan_id)) if plan_id else None
    if plan is None and (task_codes or target_codes):
        plan = db.session.scalar(select(Plan).order_by(Plan.created_at.desc(), Plan.id.desc()).limit(1))
    tasks = _plan_rows(PlanTask, plan, task_codes, "nhiệm vụ")
    targets = _plan_rows(PlanTarget, plan, target_codes, "chỉ tiêu")
    begin_write()
    period = ReportingPeriod(
        title=title,
        kind=kind,
        deadline=deadline,
        starts_on=starts_on,
        ends_on=ends_on,
        instructions=(instructions or "").strip() or None,
        plan_id=plan.id if plan else None,
        created_by_id=user.id,
    )
    period.slots = [PeriodUnit(unit_id=u.id) for u in units]
    period.task_rows = [PeriodTask(task_id=t.id) for t in tasks]
    period.target_rows = [PeriodTarget(target_id=t.id) for t in targets]
    db.session.add(period)
    db.session.flush()
    audit.record(
        "reports.period_open",
        period,
        user=user,
        summary=f"Mở đợt báo cáo “{title}”",
        after={
            "title": title,
            "kind": kind,
            "deadline": deadline.isoformat(),
            "units": [u.code for u in units],
            "tasks": [t.code for t in tasks],
            "targets": [t.code for t in targets],
        },
    )
    db.session.commit()
    return period


def update_period(period_id, user, *, title, kind, deadline, starts_on=None, ends_on=None, instructions=None):
    """Correct a period's title, kind, dates and instructions after it was opened (slots, tasks and targets stay).
    Audited with before and after."""
    _require(user, "reports.manage", "Chỉ bộ phận giúp việc sửa đợt báo cáo.")
    period = get_period(period_id, user)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("Cần nhập tên đợt báo cáo.")
    if kind not in PERIOD_KINDS:
        raise ValidationFailed("Loại kỳ báo cáo không hợp lệ.")
    if not isinstance(deadline, date):
        raise ValidationFailed("Cần nhập hạn nộp báo cáo (dd/mm/yyyy).")
    if starts_on and ends_on and starts_on > ends_on:
        raise ValidationFailed("Ngày bắt đầu kỳ báo cáo phải trước ngày kết thúc.")
    begin_write()
    fields = ("title", "kind", "deadline", "starts_on", "ends_on", "instructions")
    before = {f: _plain(getattr(period, f)) for f in fields}
    period.title, period.kind, period.deadline = title, kind, deadline
    period.starts_on, period.ends_on = starts_on, ends_on
    period.instructions = (instructions or "").strip() or None
    after = {f: _plain(getattr(period, f)) for f in fields}
    audit.record(
        "reports.period_update",
        period,
        user=user,
        summary=f"Sửa đợt báo cáo “{title}”",
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    db.session.commit()
    return period


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _units_for(unit_codes):
    """Units by code (default: every active branch); ValidationFailed on an unknown code or an empty list."""
    units = units_by_codes(unit_codes) if unit_codes else active_branches()
    if not units:
        raise ValidationFailed("Cần chọn ít nhất một đơn vị phải báo cáo.")
    return units


def _plan_rows(model, plan, codes, label):
    """Plan tasks or targets by code; ValidationFailed naming the unknown codes."""
    codes = [c.strip() for c in codes or () if c and c.strip()]
    if not codes:
        return []
    if plan is None:
        raise ValidationFailed("Chưa có kế hoạch nào để chọn " + label + ".")
    found = {
        r.code: r for r in db.session.scalars(select(model).where(model.plan_id == plan.id, model.code.in_(codes)))
    }
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(f"Không có {label} " + ", ".join(missing) + " trong kế hoạch.", status=422)
    return [found[c] for c in dict.fromkeys(codes)]


def close_period(period_id, user, *, reopen=False):
    """Close a period (no more submissions or reviews), or reopen it."""
    _require(user, "reports.manage", "Chỉ bộ phận giúp việc đóng hoặc mở lại đợt báo cáo.")
    begin_write()
    period = db.session.get(ReportingPeriod, _int(period_id))
    if period is None:
        raise NotFound("Không tìm thấy đợt báo cáo.")
    if period.is_closed != reopen:
        db.session.rollback()
        raise Conflict("Đợt báo cáo đã được mở lại trước đó." if reopen else "Đợt báo cáo đã kết thúc trước đó.")
    period.is_closed = not reopen
    audit.record(
        "reports.period_reopen" if reopen else "reports.period_close",
        period,
        user=user,
        summary=("Mở lại" if reopen else "Kết thúc") + f" đợt báo cáo “{period.title}”",
        before={"is_closed": reopen},
        after={"is_closed": not reopen},
    )
    db.session.commit()
    return period


# --- the status machine ----------------------------------------------------------------------------


def check_transition(slot, step):
    """Raise Conflict (Vietnamese) when the slot's status or its period does not allow this step."""
    if slot.period.is_closed:
        raise Conflict(f"Đợt báo cáo “{slot.period.title}” đã kết thúc; không thể thay đổi.")
    if slot.status not in TRANSITIONS[step]:
        raise Conflict(REFUSALS[step].get(slot.status, "Trạng thái hiện tại không cho phép thao tác này."))


def is_late_now(period):
    """True after the period's deadline (Vietnam date)."""
    return today_local() > period.deadline


def _slot_snapshot(slot):
    return {
        "status": slot.status,
        "submitted_at": slot.submitted_at.isoformat() if slot.submitted_at else None,
        "review_comment": slot.review_comment,
    }


def return_report(slot_id, user, comment):
    """Ask the unit to supplement its report (with a comment); the branch secretaries are notified."""
    _require(user, "reports.manage", "Chỉ bộ phận giúp việc yêu cầu bổ sung báo cáo.")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed("Cần ghi rõ nội dung yêu cầu bổ sung.")
    return _review(slot_id, user, "return", "yeu_cau_bo_sung", comment)


def accept_report(slot_id, user, comment=None):
    """Accept the unit's report (đã tiếp nhận); the branch secretaries are notified."""
    _require(user, "reports.manage", "Chỉ bộ phận giúp việc tiếp nhận báo cáo.")
    return _review(slot_id, user, "accept", "da_tiep_nhan", (comment or "").strip() or None)


def _review(slot_id, user, step, new_status, comment):
    """One review step on a slot, in one transaction: status, audit, notification."""
    begin_write()
    slot = db.session.get(PeriodUnit, _int(slot_id))
    if slot is None:
        db.session.rollback()
        raise NotFound("Không tìm thấy phần báo cáo của đơn vị.")
    try:
        check_transition(slot, step)
    except Conflict:
        db.session.rollback()
        raise
    before = _slot_snapshot(slot)
    slot.status, slot.reviewed_at, slot.review_comment = new_status, utcnow(), comment
    label = "Yêu cầu bổ sung" if step == "return" else "Tiếp nhận"
    audit.record(
        f"reports.{step}",
        slot,
        user=user,
        summary=f"{label} báo cáo của {slot.unit.name} ({slot.period.title})",
        before=before,
        after=_slot_snapshot(slot),
    )
    title = (
        f"Yêu cầu bổ sung báo cáo: {slot.period.title}"
        if step == "return"
        else f"Báo cáo đã được tiếp nhận: {slot.period.title}"
    )
    notify(branch_secretaries(slot.unit_id), title, comment or "", slot_target(slot))
    db.session.commit()
    return slot


def slot_target(slot):
    """What a notification about the slot points at (the web layer makes it a link)."""
    return ("report_slot", slot.id)


# --- reminders -------------------------------------------------------------------------------------


def send_reminders(period_id, user):
    """Notify the branch secretaries of every slot still owing a report; returns the number of people notified."""
    _require(user, "reports.manage", "Chỉ bộ phận giúp việc gửi nhắc nhở.")
    begin_write()
    period = db.session.get(ReportingPeriod, _int(period_id))
    if period is None:
        db.session.rollback()
        raise NotFound("Không tìm thấy đợt báo cáo.")
    if period.is_closed:
        db.session.rollback()
        raise Conflict("Đợt báo cáo đã kết thúc; không gửi nhắc nhở.")
    notified, units = 0, []
    for slot in period.slots:
        if slot.status not in OPEN_STATUSES:
            continue
        people = branch_secretaries(slot.unit_id)
        overdue = is_late_now(period)
        title = f"Quá hạn nộp báo cáo: {period.title}" if overdue else f"Nhắc nộp báo cáo: {period.title}"
        body = f"Hạn nộp: {period.deadline:%d/%m/%Y}. Đơn vị: {slot.unit.name}."
        if slot.status == "yeu_cau_bo_sung" and slot.review_comment:
            body += f" Nội dung cần bổ sung: {slot.review_comment}"
        notify(people, title, body, slot_target(slot))
        notified += len(people)
        units.append(slot.unit.code)
    audit.record(
        "reports.remind",
        period,
        user=user,
        summary=f"Nhắc {len(units)} đơn vị nộp báo cáo “{period.title}”",
        after={"units": units, "people": notified},
    )
    db.session.commit()
    return notified


# --- monitoring ------------------------------------------------------------------------------------


def status_counts(period, slots=None):
    """{status code: number of slots} for a period (every status present, zeros included)."""
    counts = dict.fromkeys(SLOT_STATUSES, 0)
    for slot in period.slots if slots is None else slots:
        counts[slot.status] = counts.get(slot.status, 0) + 1
    return counts


def matrix(user, periods=None):
    """Units × periods: {"periods", "units", "cells": {(unit_id, period_id): slot}} over what the user may see."""
    periods = list(reversed(visible_periods(user)))[-12:] if periods is None else periods
    scope = None if sees_all(user) else _scope_ids(user)
    cells, units = {}, {}
    for period in periods:
        for slot in period.slots:
            if scope is None or slot.unit_id in scope:
                cells[(slot.unit_id, period.id)] = slot
                units[slot.unit_id] = slot.unit
    return {"periods": periods, "units": sorted(units.values(), key=lambda u: u.code), "cells": cells}


def _open_slot_query(user):
    """Slots of open periods still owing a report, within the user's scope."""
    return (
        select(PeriodUnit)
        .join(ReportingPeriod, ReportingPeriod.id == PeriodUnit.period_id)
        .where(
            ReportingPeriod.is_closed.is_(False),
            PeriodUnit.status.in_(OPEN_STATUSES),
            PeriodUnit.unit_id.in_(units_in_scope(user)),
        )
        .order_by(ReportingPeriod.deadline, PeriodUnit.id)
    )


def overdue_slots(user, today=None):
    """Slots past their deadline and still owing a report."""
    today = today or today_local()
    return list(db.session.scalars(_open_slot_query(user).where(ReportingPeriod.deadline < today)))


DUE_SOON_DAYS = 7


def due_soon_slots(user, today=None, days=DUE_SOON_DAYS):
    """Slots due within ``days`` (today included; the web passes config DUE_SOON_DAYS) and still owing a report."""
    today = today or today_local()
    horizon = today + timedelta(days=days)
    return list(
        db.session.scalars(
            _open_slot_query(user).where(ReportingPeriod.deadline >= today, ReportingPeriod.deadline <= horizon)
        )
    )


def awaiting_acceptance(user):
    """Submitted slots waiting for the secretariat, oldest first."""
    return list(
        db.session.scalars(
            select(PeriodUnit)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodUnit.period_id)
            .where(
                ReportingPeriod.is_closed.is_(False),
                PeriodUnit.status.in_(AWAITING_STATUSES),
                PeriodUnit.unit_id.in_(units_in_scope(user)),
            )
            .order_by(PeriodUnit.submitted_at)
        )
    )


def open_slots_of_unit(unit_id):
    """A unit's slots in open periods still owing a report, by deadline."""
    return list(
        db.session.scalars(
            select(PeriodUnit)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodUnit.period_id)
            .where(
                ReportingPeriod.is_closed.is_(False),
                PeriodUnit.unit_id == unit_id,
                PeriodUnit.status.in_(OPEN_STATUSES),
            )
            .order_by(ReportingPeriod.deadline)
        )
    )


def slot_links(slot):
    """Task links made from the slot's submitted documents."""
    doc_ids = {s.document_id for s in slot.submissions}
    if not doc_ids:
        return []
    return list(db.session.scalars(select(DocumentTaskLink).where(DocumentTaskLink.document_id.in_(doc_ids))))


def slot_target_values(slot):
    """Target values the unit reported in this period."""
    return list(
        db.session.scalars(
            select(TargetValue)
            .where(TargetValue.period_id == slot.period_id, TargetValue.unit_id == slot.unit_id)
            .order_by(TargetValue.id)
        )
    )


def link_count(slot):
    """Number of task links from the slot's submitted documents."""
    return link_counts([slot]).get(slot.id, 0)


def link_counts(slots):
    """{slot id: number of task links from its submitted documents}, in one statement for all the slots."""
    ids = [slot.id for slot in slots]
    if not ids:
        return {}
    rows = db.session.execute(
        select(Submission.slot_id, func.count(func.distinct(DocumentTaskLink.id)))
        .join(DocumentTaskLink, DocumentTaskLink.document_id == Submission.document_id)
        .where(Submission.slot_id.in_(ids))
        .group_by(Submission.slot_id)
    )
    return dict(rows.all())


# --- submitting (re-exported from submissions) -----------------------------------------------------


@dataclass
class PeriodRow:
    """A period with the counts a list shows."""

    period: ReportingPeriod
    counts: dict
    own_slot: PeriodUnit | None = None


def period_rows(user):
    """Visible periods with status counts (over the slots the user may see) and the user's own slot."""
    own_unit = secretary_unit_id(user)
    rows = []
    for period in visible_periods(user):
        slots = visible_slots(period, user)
        rows.append(
            PeriodRow(period, status_counts(period, slots), slot_for_unit(period, own_unit) if own_unit else None)
        )
    return rows
