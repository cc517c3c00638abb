"""Demo step: "Báo cáo quý IV năm 2026" with a mix of statuses, target values, a summary draft and an overdue finding.

Runs after the plan and documents steps. Chi bộ Hành chính - Quản trị submits on time and is accepted, Chi bộ Tổng hợp
submits late, Chi bộ Kiểm soát TTHC is asked to supplement, Chi bộ Trung tâm Tin học - Công báo has not submitted.
Idempotent: a period with the demo title is left as it is.

Dates follow the day the demo is loaded: the quarter-IV period is the one of the last October (around today), its
reports are dated and submitted before today, and each sample report's "Lào Cai, ngày ..." line says the day it was
sent, so that no document is dated after the day it was received.
"""

import os
import re
import tempfile
from datetime import date, timedelta

from sqlalchemy import select

from portal.clock import today_local
from portal.services import accounts

from ..extensions import db
from ..models import Finding, PeriodUnit, ReportingPeriod
from ..models.base import utcnow

TITLE = "Báo cáo quý IV năm {year}"
DATE_LINE = re.compile(r"ngày \d{1,2} tháng \d{1,2} năm \d{4}")
REPORTS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "samples", "reports"
)
TARGETS = ["II.2.T1", "II.2.T2", "II.2.T3", "II.2.T4", "II.4.T2", "II.5.T2"]
# username -> (sample file, target values)
SUBMITTERS = {
    "bithu.hcqt": (
        "bao-cao-quy-4-2026-chi-bo-hanh-chinh-quan-tri.md",
        {"II.4.T2": "100", "II.5.T2": "100", "II.2.T4": "60"},
    ),
    "bithu.kstt": ("bao-cao-quy-4-2026-chi-bo-kiem-soat-tthc.md", {"II.2.T1": "100", "II.2.T2": "87", "II.2.T3": "32"}),
    "bithu.th": ("bao-cao-quy-4-2026-chi-bo-tong-hop.md", {}),
}
RETURN_COMMENT = (
    "Đề nghị Chi bộ bổ sung số liệu minh chứng về tỷ lệ hồ sơ xử lý trên môi trường mạng (chỉ tiêu II.2.T2) "
    "và kết quả khắc phục 07 lỗ hổng bảo mật."
)


def _user(username):
    return accounts.user_by_username(username)


def load(echo=print):
    """Open the demo period and play the submissions, reviews, summary and finding; skip if it exists."""
    from portal.services import reporting

    today = today_local()
    year = quarter_year(today)
    title = TITLE.format(year=year)
    if db.session.scalar(select(ReportingPeriod.id).where(ReportingPeriod.title == title)):
        echo("Đợt báo cáo mẫu: đã có, không thêm.")
        return
    secretariat = _user("giupviec.ha")
    from portal.services.plan.common import latest_plan

    if secretariat is None or latest_plan() is None:
        echo("Bỏ qua đợt báo cáo mẫu: thiếu tài khoản giupviec.ha hoặc chưa nhập kế hoạch.")
        return
    period = reporting.open_period(
        secretariat,
        title=title,
        kind="quy",
        deadline=today + timedelta(days=1),
        starts_on=date(year, 10, 1),
        ends_on=min(date(year, 12, 31), today - timedelta(days=3)),
        target_codes=TARGETS,
        instructions=f"Các chi bộ báo cáo kết quả lãnh đạo thực hiện Kế hoạch cải cách hành chính quý IV/{year}, kèm số "
        "liệu các chỉ tiêu được yêu cầu và minh chứng.",
    )
    _submit(period, "bithu.hcqt", backdate_days=5)
    reporting.accept_report(_slot(period, "bithu.hcqt").id, secretariat, "Báo cáo đầy đủ, đúng hạn.")
    _submit(period, "bithu.kstt", backdate_days=3)
    reporting.return_report(_slot(period, "bithu.kstt").id, secretariat, RETURN_COMMENT)
    _move_deadline(period, today - timedelta(days=2))
    _submit(period, "bithu.th")  # after the deadline: nộp muộn
    _summary(period, secretariat)
    _finding(period)
    echo(
        "Đợt báo cáo mẫu: 1 đợt, 3 báo cáo (1 đã tiếp nhận, 1 nộp muộn, 1 yêu cầu bổ sung), 1 chi bộ chưa nộp, "
        "dự thảo báo cáo tổng hợp và 1 kết luận kiểm tra quá hạn khắc phục."
    )


def quarter_year(today):
    """The year of the quarter-IV period around today: this year from October on, else last year's."""
    return today.year if today.month >= 10 else today.year - 1


def dated_text(text, day, year):
    """A sample report dated `day` (its "ngày ... tháng ... năm ..." line) and speaking of quarter IV of `year`."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = DATE_LINE.sub(f"ngày {day.day:02d} tháng {month} năm {day.year}", text, count=1)
    return re.sub(r"quý IV(/| năm )2026", lambda m: f"quý IV{m.group(1)}{year}", text)


def _slot(period, username):
    return db.session.scalar(
        select(PeriodUnit).where(PeriodUnit.period_id == period.id, PeriodUnit.unit_id == _user(username).unit_id)
    )


def _submit(period, username, backdate_days=0):
    """Submit a sample report with the tasks the plan suggests for its text and its target values."""
    from portal.services import reporting

    user = _user(username)
    filename, values = SUBMITTERS[username]
    with open(os.path.join(REPORTS, filename), encoding="utf-8") as handle:
        sent_on = today_local() - timedelta(days=backdate_days + 1)
        text = dated_text(handle.read(), sent_on, period.starts_on.year)
    tasks = [task.code for task, _score in reporting.suggest_tasks_for_upload(period, text, limit=4)]
    targets = [reporting.TargetInput(code, value) for code, value in values.items()]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, filename)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        submission = reporting.submit_report(period.id, user, path, filename, task_codes=tasks, targets=targets)
    if backdate_days:  # the demo plays a few days in one run: put the on-time submissions back in time
        when = utcnow() - timedelta(days=backdate_days)
        submission.submitted_at = when
        _slot(period, username).submitted_at = when
        db.session.commit()
    return submission


def _move_deadline(period, deadline):
    """Demo only: the deadline passes between the on-time and the late submission."""
    period.deadline = deadline
    db.session.commit()


def _summary(period, secretariat):
    """Generate the summary draft and fill in its number and signer as the secretariat would."""
    from portal.services.reporting import summary

    summary.generate_draft(period.id, secretariat)
    summary.update_summary(
        period.id,
        secretariat,
        number="25-BC/ĐU",
        signer_mark="T/M BAN THƯỜNG VỤ",
        signer_title="PHÓ BÍ THƯ",
        signer_name="Nguyễn Thanh Tú",
    )


def _finding(period):
    """One inspection finding on Chi bộ Hành chính - Quản trị whose follow-up deadline has passed."""
    from portal.services.reporting import findings

    inspector = _user("ubkt.son")
    if inspector is None or db.session.scalar(select(Finding.id).where(Finding.period_id == period.id)):
        return
    from portal.services.plan.common import latest_plan

    from ..models.plan import PlanTask

    today = today_local()
    plan = latest_plan()
    task = (
        db.session.scalar(select(PlanTask).where(PlanTask.plan_id == plan.id, PlanTask.code == "II.2.4"))
        if plan
        else None
    )
    findings.create_finding(
        inspector,
        unit_code="CB-HCQT",
        title="Chậm số hóa hồ sơ lưu trữ có thời hạn vĩnh viễn",
        content="Qua kiểm tra, việc số hóa hồ sơ lưu trữ của phòng mới đạt 60% kế hoạch; đề nghị Chi bộ lãnh đạo bố trí "
        "thiết bị quét, hoàn thành số hóa và báo cáo kết quả khắc phục về Ủy ban Kiểm tra.",
        found_on=today - timedelta(days=40),
        follow_up_deadline=today - timedelta(days=5),
        task_id=task.id if task else None,
        period_id=period.id,
    )
