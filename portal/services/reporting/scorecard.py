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
    return unit_scores(list(db.session.scalars(query)), year)


def unit_score(unit, year):
    """The scorecard numbers of one branch for one year."""
    return unit_scores([unit], year)[0]


def unit_scores(units, year):
    """The scorecard rows of several branches, in a fixed number of statements (grouped by unit, not one per unit)."""
    ids = [unit.id for unit in units]
    if not ids:
        return []
    reports = _report_numbers(ids, year)
    evidence = _tasks_with_evidence(ids, year)
    assigned = _grouped(
        select(TaskUnit.unit_id, func.count(func.distinct(TaskUnit.task_id)))
        .where(TaskUnit.unit_id.in_(ids))
        .group_by(TaskUnit.unit_id)
    )
    reported = _targets_reported(ids, year)
    asked = _targets_asked(ids, year)
    acks = _acknowledgement_numbers(ids)
    findings = _finding_numbers(ids, year)
    rows = []
    for unit in units:
        numbers = reports[unit.id]
        members, acknowledged, materials = acks[unit.id]
        rows.append(
            ScoreRow(
                unit_code=unit.code,
                unit_name=unit.name,
                **numbers,
                on_time_rate=_rate(numbers["reports_on_time"], numbers["reports_due"]),
                tasks_with_evidence=evidence.get(unit.id, 0),
                tasks_assigned=assigned.get(unit.id, 0),
                targets_reported=reported.get(unit.id, 0),
                targets_asked=asked.get(unit.id, 0),
                members=members,
                members_acknowledged=acknowledged,
                ack_rate=_rate(acknowledged, members) if materials else None,
                **findings.get(unit.id, {"findings": 0, "findings_open": 0}),
            )
        )
    return rows


def _finding_numbers(unit_ids, year):
    """{unit id: {"findings", "findings_open"}}: inspection findings found during the year, and those not remedied."""
    out = {}
    query = select(Finding.unit_id, Finding.status).where(
        Finding.unit_id.in_(unit_ids), extract("year", Finding.found_on) == year
    )
    for unit_id, status in db.session.execute(query):
        row = out.setdefault(unit_id, {"findings": 0, "findings_open": 0})
        row["findings"] += 1
        row["findings_open"] += status != "da_khac_phuc"
    return out


def _grouped(query):
    """{unit id: count} from a (unit id, count) query."""
    return {unit_id: count or 0 for unit_id, count in db.session.execute(query)}


def _report_numbers(unit_ids, year):
    """Per unit: slots due in the year (deadline in it), submitted, on time (first submission not late), accepted."""
    slots = db.session.scalars(
        select(PeriodUnit)
        .join(ReportingPeriod, ReportingPeriod.id == PeriodUnit.period_id)
        .where(PeriodUnit.unit_id.in_(unit_ids), extract("year", ReportingPeriod.deadline) == year)
    )
    numbers = {
        i: {"reports_due": 0, "reports_submitted": 0, "reports_on_time": 0, "reports_accepted": 0} for i in unit_ids
    }
    for slot in slots:
        row = numbers[slot.unit_id]
        row["reports_due"] += 1
        if slot.submissions:
            row["reports_submitted"] += 1
            row["reports_on_time"] += 0 if slot.submissions[0].is_late else 1
        row["reports_accepted"] += 1 if slot.status == "da_tiep_nhan" else 0
    return numbers


def _year_bounds(year):
    return datetime(year, 1, 1), datetime(year + 1, 1, 1)


def _tasks_with_evidence(unit_ids, year):
    """Per unit: distinct tasks linked (any relation) from the branch's live documents during the year."""
    start, end = _year_bounds(year)
    return _grouped(
        select(Document.owner_unit_id, func.count(func.distinct(DocumentTaskLink.task_id)))
        .join(Document, Document.id == DocumentTaskLink.document_id)
        .where(
            Document.owner_unit_id.in_(unit_ids),
            Document.deleted_at.is_(None),
            DocumentTaskLink.created_at >= start,
            DocumentTaskLink.created_at < end,
        )
        .group_by(Document.owner_unit_id)
    )


def _targets_reported(unit_ids, year):
    """Per unit: distinct targets the branch reported a value for during the year."""
    start, end = _year_bounds(year)
    return _grouped(
        select(TargetValue.unit_id, func.count(func.distinct(TargetValue.target_id)))
        .where(TargetValue.unit_id.in_(unit_ids), TargetValue.reported_at >= start, TargetValue.reported_at < end)
        .group_by(TargetValue.unit_id)
    )


def _targets_asked(unit_ids, year):
    """Per unit: distinct targets asked by the year's periods in which the branch had to report."""
    return _grouped(
        select(PeriodUnit.unit_id, func.count(func.distinct(PeriodTarget.target_id)))
        .join(ReportingPeriod, ReportingPeriod.id == PeriodTarget.period_id)
        .join(PeriodUnit, PeriodUnit.period_id == ReportingPeriod.id)
        .where(PeriodUnit.unit_id.in_(unit_ids), extract("year", ReportingPeriod.deadline) == year)
        .group_by(PeriodUnit.unit_id)
    )


def _acknowledgement_numbers(unit_ids):
    """Per unit: (accounts asked, accounts who confirmed every live material addressed to the unit, materials)."""
    from portal.services.materials import confirmation_numbers_many

    return confirmation_numbers_many(unit_ids)


def acknowledgement_numbers(unit_id):
    """(accounts asked, accounts who confirmed every live material addressed to the unit, materials): the materials
    service's one rule."""
    from portal.services.materials import confirmation_numbers

    return confirmation_numbers(unit_id)
