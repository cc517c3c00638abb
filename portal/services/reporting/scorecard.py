"""The branch scorecard for the annual rating (Chi bộ Hành chính - Quản trị ties CCHC results to the rating).

Per branch and year: reports on time / reports due, tasks with evidence (task links from the branch's documents),
targets reported / targets asked, and the share of the branch's members who acknowledged every published material
that reaches them, in its latest version.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import extract, func, select

from portal.clock import today_local
from portal.errors import NotAllowed
from portal.extensions import db
from portal.models import (
    Document,
    Finding,
    PeriodTarget,
    PeriodUnit,
    ReportingPeriod,
    Unit,
)
from portal.models.plan import DocumentTaskLink, TargetValue, TaskUnit
from portal.security import has_permission, secretary_unit_id, sees_every_unit
from portal.services.accounts.units import active_branches_query

COLUMNS = [
    ("unit_code", "Mã chi bộ"),
    ("unit_name", "Chi bộ"),
    ("reports_due", "Số kỳ phải báo cáo"),
    ("reports_submitted", "Số báo cáo đã nộp"),
    ("reports_on_time", "Nộp đúng hạn"),
    ("reports_accepted", "Đã tiếp nhận"),
    ("on_time_rate", "Tỷ lệ đúng hạn (%)"),
    ("tasks_with_evidence", "Nhiệm vụ có minh chứng"),
    ("tasks_assigned", "Nhiệm vụ được giao"),
    ("targets_reported", "Chỉ tiêu đã báo cáo"),
    ("targets_asked", "Chỉ tiêu được yêu cầu"),
    ("members", "Số đảng viên"),
    ("members_acknowledged", "Đảng viên đã quán triệt đủ"),
    ("ack_rate", "Tỷ lệ quán triệt (%)"),
    ("findings", "Kết luận kiểm tra trong năm"),
    ("findings_open", "Kết luận chưa khắc phục xong"),
]


EXPLANATIONS = {
    "reports_due": "Số đợt báo cáo có hạn nộp trong năm mà chi bộ phải nộp.",
    "reports_submitted": "Số đợt chi bộ đã nộp báo cáo (kể cả nộp muộn).",
    "reports_on_time": "Số đợt mà lần nộp đầu tiên trước hạn.",
    "reports_accepted": "Số báo cáo bộ phận giúp việc đã tiếp nhận.",
    "on_time_rate": "Nộp đúng hạn chia cho số kỳ phải báo cáo.",
    "tasks_with_evidence": "Số nhiệm vụ của Kế hoạch có văn bản của chi bộ gắn vào trong năm.",
    "tasks_assigned": "Số nhiệm vụ Kế hoạch giao cho chi bộ (chủ trì hoặc phối hợp).",
    "targets_reported": "Số chỉ tiêu chi bộ đã báo cáo giá trị trong năm.",
    "targets_asked": "Số chỉ tiêu các đợt báo cáo trong năm yêu cầu chi bộ báo cáo.",
    "members": "Số tài khoản đang hoạt động của chi bộ.",
    "members_acknowledged": "Số đảng viên đã xác nhận mọi tài liệu quán triệt đang phát hành tới chi bộ.",
    "ack_rate": "Đảng viên đã quán triệt đủ chia cho số đảng viên; trống khi chưa có tài liệu nào.",
    "findings": "Số kết luận kiểm tra của Ủy ban Kiểm tra về chi bộ trong năm.",
    "findings_open": "Số kết luận kiểm tra chưa khắc phục xong.",
}


@dataclass
class ScoreRow:
    """One branch's numbers for one year."""

    unit_code: str
    unit_name: str
    reports_due: int
    reports_submitted: int
    reports_on_time: int
    reports_accepted: int
    on_time_rate: float | None
    tasks_with_evidence: int
    tasks_assigned: int
    targets_reported: int
    targets_asked: int
    members: int
    members_acknowledged: int
    ack_rate: float | None
    findings: int = 0
    findings_open: int = 0

    def as_dict(self):
        return asdict(self)


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def scorecard(user, year=None):
    """Score rows for the branches the user may see (all for leadership roles, own branch for a secretary)."""
    if not has_permission(user, "scorecard.view"):
        raise NotAllowed("Đồng chí không có quyền xem bảng đánh giá.")
    year = int(year or today_local().year)
    query = active_branches_query()
    if not sees_every_unit(user):
        query = query.where(Unit.id == (secretary_unit_id(user) or -1))
    return [unit_score(unit, year) for unit in db.session.scalars(query)]


def unit_score(unit, year):
    """The scorecard numbers of one branch for one year."""
    reports = _report_numbers(unit.id, year)
    members, acknowledged, materials = acknowledgement_numbers(unit.id)
    return ScoreRow(
        unit_code=unit.code,
        unit_name=unit.name,
        **reports,
        on_time_rate=_rate(reports["reports_on_time"], reports["reports_due"]),
        tasks_with_evidence=_tasks_with_evidence(unit.id, year),
        tasks_assigned=db.session.scalar(
            select(func.count(func.distinct(TaskUnit.task_id))).where(TaskUnit.unit_id == unit.id)
        )
        or 0,
        targets_reported=_targets_reported(unit.id, year),
        targets_asked=_targets_asked(unit.id, year),
        members=members,
        members_acknowledged=acknowledged,
        ack_rate=_rate(acknowledged, members) if materials else None,
        **_finding_numbers(unit.id, year),
    )


def _finding_numbers(unit_id, year):
    """Inspection findings on the branch found during the year, and those not yet remedied."""
    rows = list(
        db.session.scalars(
            select(Finding.status).where(Finding.unit_id == unit_id, extract("year", Finding.found_on) == year)
        )
    )
    return {"findings": len(rows), "findings_open": sum(1 for status in rows if status != "da_khac_phuc")}


def _report_numbers(unit_id, year):
    """Slots due in the year (deadline in it), submitted, on time (first submission not late), accepted."""
    slots = list(
        db.session.scalars(
            select(PeriodUnit)
            .join(ReportingPeriod, ReportingPeriod.id == PeriodUnit.period_id)
            .where(PeriodUnit.unit_id == unit_id, extract("year", ReportingPeriod.deadline) == year)
        )
    )
    submitted = [s for s in slots if s.submissions]
    return {
        "reports_due": len(slots),
        "reports_submitted": len(submitted),
        "reports_on_time": sum(1 for s in submitted if not s.submissions[0].is_late),
        "reports_accepted": sum(1 for s in slots if s.status == "da_tiep_nhan"),
    }


def _year_bounds(year):
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def _tasks_with_evidence(unit_id, year):
    """Distinct tasks linked (any relation) from the branch's live documents during the year."""
    start, end = _year_bounds(year)
    return (
        db.session.scalar(
            select(func.count(func.distinct(DocumentTaskLink.task_id)))
            .join(Document, Document.id == DocumentTaskLink.document_id)
            .where(
                Document.owner_unit_id == unit_id,
                Document.deleted_at.is_(None),
                DocumentTaskLink.created_at >= start,
                DocumentTaskLink.created_at < end,
            )
        )
        or 0
    )


def _targets_reported(unit_id, year):
    """Distinct targets the branch reported a value for during the year."""
    start, end = _year_bounds(year)
    return (
        db.session.scalar(
            select(func.count(func.distinct(TargetValue.target_id))).where(
                TargetValue.unit_id == unit_id, TargetValue.reported_at >= start, TargetValue.reported_at < end
            )
        )
        or 0
    )


def _targets_asked(unit_id, year):
    """Distinct targets asked by the year's periods in which the branch had to report."""
    return (
        db.session.scalar(
            select(func.count(func.distinct(PeriodTarget.target_id)))
            .join(ReportingPeriod, ReportingPeriod.id == PeriodTarget.period_id)
            .join(PeriodUnit, PeriodUnit.period_id == ReportingPeriod.id)
            .where(PeriodUnit.unit_id == unit_id, extract("year", ReportingPeriod.deadline) == year)
        )
        or 0
    )


def acknowledgement_numbers(unit_id):
    """(accounts asked, accounts who confirmed every live material addressed to the unit, materials): the materials
    service's one rule."""
    from portal.services.materials import confirmation_numbers

    return confirmation_numbers(unit_id)
