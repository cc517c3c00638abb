"""Inspection findings (kết luận kiểm tra): recorded per unit and optional task, followed up to a deadline."""

from datetime import date

from sqlalchemy import select

from portal.database import begin_write
from portal.errors import NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.models import FINDING_STATUSES, Finding, ReportingPeriod
from portal.models.base import utcnow
from portal.models.plan import PlanTask
from portal.security import has_permission, secretary_unit_id, sees_every_unit
from portal.services import audit
from portal.services.accounts.units import unit_by_code


def _may_see_all(user):
    """Those who follow every unit (security.sees_every_unit: inspector, secretariat, admin) see every finding."""
    return sees_every_unit(user)


def visible_findings(user, *, unit_id=None, status=None):
    """Findings the user may see (a branch secretary: their own branch's), newest first."""
    if not has_permission(user, "findings.view"):
        return []
    query = select(Finding).order_by(Finding.found_on.desc(), Finding.id.desc())
    if not _may_see_all(user):
        query = query.where(Finding.unit_id == (secretary_unit_id(user) or -1))
    if unit_id:
        query = query.where(Finding.unit_id == int(unit_id))
    if status:
        query = query.where(Finding.status == status)
    return list(db.session.scalars(query))


def get_finding(finding_id, user):
    """A finding the user may see: 404 for unknown, 403 for another branch's."""
    try:
        finding = db.session.get(Finding, int(finding_id))
    except (TypeError, ValueError):
        finding = None
    if finding is None or not has_permission(user, "findings.view"):
        raise NotFound("Không tìm thấy kết luận kiểm tra.")
    if not _may_see_all(user) and finding.unit_id != secretary_unit_id(user):
        raise NotAllowed("Đồng chí chỉ được xem kết luận kiểm tra của chi bộ mình.")
    return finding


def _snapshot(f):
    return {
        "unit_id": f.unit_id,
        "task_id": f.task_id,
        "period_id": f.period_id,
        "title": f.title,
        "content": f.content,
        "found_on": f.found_on.isoformat() if f.found_on else None,
        "follow_up_deadline": f.follow_up_deadline.isoformat() if f.follow_up_deadline else None,
        "status": f.status,
        "resolution": f.resolution,
    }


def _clean(unit_code, task_id, period_id, title, found_on, follow_up_deadline):
    """Validated (unit, task, period) for a finding; ValidationFailed with a Vietnamese message otherwise."""
    if not (title or "").strip():
        raise ValidationFailed("Cần nhập tiêu đề kết luận kiểm tra.")
    unit = unit_by_code(unit_code)
    if unit is None:
        raise ValidationFailed("Cần chọn đơn vị được kiểm tra.")
    task = db.session.get(PlanTask, int(task_id)) if task_id else None
    if task_id and task is None:
        raise ValidationFailed("Nhiệm vụ đã chọn không tồn tại.")
    period = db.session.get(ReportingPeriod, int(period_id)) if period_id else None
    if not isinstance(found_on, date):
        raise ValidationFailed("Cần nhập ngày kết luận (dd/mm/yyyy).")
    if follow_up_deadline and follow_up_deadline < found_on:
        raise ValidationFailed("Hạn khắc phục phải sau ngày kết luận.")
    return unit, task, period


def create_finding(
    user, *, unit_code, title, content="", found_on, follow_up_deadline=None, task_id=None, period_id=None
):
    """The inspection committee records a finding; audited."""
    if not has_permission(user, "findings.manage"):
        raise NotAllowed("Chỉ Ủy ban Kiểm tra ghi kết luận kiểm tra.")
    unit, task, period = _clean(unit_code, task_id, period_id, title, found_on, follow_up_deadline)
    begin_write()
    finding = Finding(
        unit_id=unit.id,
        task_id=task.id if task else None,
        period_id=period.id if period else None,
        title=title.strip(),
        content=(content or "").strip(),
        found_on=found_on,
        follow_up_deadline=follow_up_deadline,
        status="mo",
        created_by_id=user.id,
    )
    db.session.add(finding)
    db.session.flush()
    audit.record(
        "findings.create",
        finding,
        user=user,
        summary=f"Kết luận kiểm tra {unit.name}: {finding.title}",
        after=_snapshot(finding),
    )
    db.session.commit()
    return finding


def update_finding(
    finding_id, user, *, status=None, resolution=None, follow_up_deadline=None, content=None, title=None
):
    """The inspection committee updates a finding's status, resolution, deadline or text; audited."""
    if not has_permission(user, "findings.manage"):
        raise NotAllowed("Chỉ Ủy ban Kiểm tra cập nhật kết luận kiểm tra.")
    if status is not None and status not in FINDING_STATUSES:
        raise ValidationFailed("Trạng thái khắc phục không hợp lệ.")
    begin_write()
    finding = get_finding(finding_id, user)
    before = _snapshot(finding)
    if title is not None and title.strip():
        finding.title = title.strip()
    if content is not None:
        finding.content = content.strip()
    if resolution is not None:
        finding.resolution = resolution.strip() or None
    if follow_up_deadline is not None:
        finding.follow_up_deadline = follow_up_deadline
    if status is not None:
        finding.status = status
        finding.closed_at = utcnow() if status == "da_khac_phuc" else None
    audit.record(
        "findings.update",
        finding,
        user=user,
        summary=f"Cập nhật kết luận kiểm tra: {finding.title}",
        before=before,
        after=_snapshot(finding),
    )
    db.session.commit()
    return finding


def overdue_findings(today):
    """Findings not remedied whose follow-up deadline has passed, oldest deadline first."""
    return list(
        db.session.scalars(
            select(Finding)
            .where(
                Finding.status != "da_khac_phuc",
                Finding.follow_up_deadline.is_not(None),
                Finding.follow_up_deadline < today,
            )
            .order_by(Finding.follow_up_deadline)
        )
    )


def open_findings_for_unit(unit_id):
    """A unit's findings not yet remedied, by deadline."""
    if not unit_id:
        return []
    return list(
        db.session.scalars(
            select(Finding)
            .where(Finding.unit_id == unit_id, Finding.status != "da_khac_phuc")
            .order_by(Finding.follow_up_deadline.is_(None), Finding.follow_up_deadline)
        )
    )
