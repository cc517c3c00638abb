"""The slot status machine: every allowed step, every refused one, late submission, resubmission, audit."""

import pytest
from sqlalchemy import select

from portal.errors import Conflict, NotAllowed, ValidationFailed
from portal.extensions import db
from portal.models import AuditEvent, Notification, TargetValue
from portal.services import reporting


def _slot(period, code):
    return next(s for s in period.slots if s.unit.code == code)


def test_open_period_defaults_to_every_branch(open_period):
    period = open_period()
    assert sorted(s.unit.code for s in period.slots) == ["CB-A", "CB-B"]
    assert {s.status for s in period.slots} == {"chua_nop"}
    assert [t.code for t in reporting.asked_targets(period)] == ["II.2.T1", "II.2.T2"]


def test_open_period_refuses_unknown_codes_and_non_secretariat(open_period, users):
    with pytest.raises(ValidationFailed, match="II.9.9"):
        open_period(task_codes=["II.9.9"])
    with pytest.raises(ValidationFailed, match="XYZ"):
        open_period(unit_codes=["XYZ"])
    with pytest.raises(NotAllowed):
        reporting.open_period(users["secretary"], title="X", kind="quy", deadline=open_period().deadline)


def test_submit_on_time_then_accept(open_period, submit, users):
    period = open_period(days=3)
    submission = submit(period, task_codes=["II.1.1"], targets=[reporting.TargetInput("II.2.T1", "85,5")])
    slot = _slot(period, "CB-A")
    assert (submission.version_no, submission.is_late, slot.status) == (1, False, "da_nop")
    assert submission.document.doc_type == "bao_cao" and submission.document.owner_unit.code == "CB-A"
    assert submission.document.visibility == "units"
    value = db.session.scalar(select(TargetValue).where(TargetValue.unit_id == slot.unit_id))
    assert value.value == 85.5 and value.evidence_document_id == submission.document_id
    reporting.accept_report(slot.id, users["secretariat"])
    assert slot.status == "da_tiep_nhan"
    notes = db.session.scalars(select(Notification).where(Notification.user_id == users["secretary"].id)).all()
    assert any("tiếp nhận" in n.title for n in notes)


def test_late_submission_is_nop_muon(open_period, submit):
    period = open_period(days=-2)
    submission = submit(period)
    assert submission.is_late and _slot(period, "CB-A").status == "nop_muon"


def test_return_then_resubmit_makes_version_two(open_period, submit, users):
    period = open_period()
    first = submit(period)
    slot = _slot(period, "CB-A")
    reporting.return_report(slot.id, users["secretariat"], "Bổ sung số liệu chỉ tiêu II.2.T1")
    assert slot.status == "yeu_cau_bo_sung" and slot.review_comment.startswith("Bổ sung")
    notes = db.session.scalars(select(Notification).where(Notification.user_id == users["secretary"].id)).all()
    assert any("Yêu cầu bổ sung" in n.title for n in notes)
    second = submit(period)
    assert second.version_no == 2 and slot.status == "da_nop" and slot.review_comment is None
    assert second.document_id == first.document_id  # a new version of the same report document
    assert second.document_version.version_no == 2 and first.document_version.version_no == 1
    reporting.accept_report(slot.id, users["secretariat"])
    assert slot.status == "da_tiep_nhan"


@pytest.mark.parametrize(
    "step,status",
    [
        ("return", "chua_nop"),
        ("accept", "chua_nop"),
        ("submit", "da_nop"),
        ("submit", "da_tiep_nhan"),
        ("return", "da_tiep_nhan"),
        ("accept", "da_tiep_nhan"),
        ("accept", "yeu_cau_bo_sung"),
        ("return", "yeu_cau_bo_sung"),
    ],
)
def test_refused_transitions_raise_conflict_in_vietnamese(open_period, submit, users, step, status):
    period = open_period()
    slot = _slot(period, "CB-A")
    if status != "chua_nop":
        submit(period)
    if status == "da_tiep_nhan":
        reporting.accept_report(slot.id, users["secretariat"])
    if status == "yeu_cau_bo_sung":
        reporting.return_report(slot.id, users["secretariat"], "Thiếu số liệu")
    assert slot.status == status
    with pytest.raises(Conflict) as error:
        if step == "submit":
            submit(period)
        elif step == "return":
            reporting.return_report(slot.id, users["secretariat"], "Bổ sung")
        else:
            reporting.accept_report(slot.id, users["secretariat"])
    assert any(ch in error.value.message for ch in "ưđạáố")
    db.session.expire_all()
    assert slot.status == status
    assert len(slot.submissions) == (0 if status == "chua_nop" else 1)


def test_closed_period_refuses_everything(open_period, submit, users):
    period = open_period()
    reporting.close_period(period.id, users["secretariat"])
    with pytest.raises(Conflict, match="kết thúc"):
        submit(period)
    reporting.close_period(period.id, users["secretariat"], reopen=True)
    assert submit(period).version_no == 1


def test_return_needs_a_comment(open_period, submit, users):
    period = open_period()
    submit(period)
    with pytest.raises(ValidationFailed):
        reporting.return_report(_slot(period, "CB-A").id, users["secretariat"], "  ")


def test_secretary_cannot_submit_for_another_branch(open_period, users, report_file):
    period = open_period()
    other = _slot(period, "CB-B")
    with pytest.raises(NotAllowed):
        reporting.submit_report(None, users["secretary"], report_file(), "bc.txt", slot_id=other.id)
    with pytest.raises(NotAllowed):
        reporting.submit_report(period.id, users["secretariat"], report_file(), "bc.txt")
    assert other.status == "chua_nop"


def test_every_step_is_audited_with_before_and_after(open_period, submit, users):
    period = open_period()
    submit(period)
    slot = _slot(period, "CB-A")
    reporting.return_report(slot.id, users["secretariat"], "Bổ sung")
    submit(period)
    reporting.accept_report(slot.id, users["secretariat"])
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action.like("reports.%")).order_by(AuditEvent.id)
    ).all()
    steps = [
        (e.action, (e.before or {}).get("status"), (e.after or {}).get("status"))
        for e in events
        if e.object_type == "period_units"
    ]
    assert steps == [
        ("reports.submit", "chua_nop", "da_nop"),
        ("reports.return", "da_nop", "yeu_cau_bo_sung"),
        ("reports.submit", "yeu_cau_bo_sung", "da_nop"),
        ("reports.accept", "da_nop", "da_tiep_nhan"),
    ]


def test_bad_target_value_stores_nothing(open_period, submit):
    period = open_period()
    with pytest.raises(ValidationFailed, match="không đọc được thành số; nhập số theo dạng 1.250 hoặc 65,5"):
        submit(period, targets=[reporting.TargetInput("II.2.T1", "khoảng tám mươi")])
    with pytest.raises(ValidationFailed, match="phải từ 0 đến 100"):
        submit(period, targets=[reporting.TargetInput("II.2.T1", "1.250")])
    with pytest.raises(ValidationFailed, match="không yêu cầu"):
        submit(period, targets=[reporting.TargetInput("II.9.T9", "10")])
    assert _slot(period, "CB-A").status == "chua_nop" and not _slot(period, "CB-A").submissions


def test_reminders_notify_secretaries_of_open_slots(open_period, submit, users):
    period = open_period(days=-1)
    submit(period)  # CB-A submits (late); CB-B owes
    count = reporting.send_reminders(period.id, users["secretariat"])
    assert count == 1
    notes = db.session.scalars(select(Notification).where(Notification.user_id == users["secretary_b"].id)).all()
    assert len(notes) == 1 and "Quá hạn" in notes[0].title and "Chi bộ Tổng hợp" in notes[0].body
    assert not any(
        "Quá hạn" in n.title
        for n in db.session.scalars(select(Notification).where(Notification.user_id == users["secretary"].id))
    )


def test_monitoring_lists(open_period, submit, users):
    late = open_period(days=-3, title="Quý III")
    soon = open_period(days=2, title="Quý IV")
    submit(soon)
    overdue = reporting.overdue_slots(users["secretariat"])
    due = reporting.due_soon_slots(users["secretariat"])
    assert sorted(s.unit.code for s in overdue if s.period_id == late.id) == ["CB-A", "CB-B"]
    assert [s.unit.code for s in due] == ["CB-B"]
    assert reporting.status_counts(soon)["da_nop"] == 1
    assert [s.unit.code for s in reporting.overdue_slots(users["secretary_b"])] == ["CB-B"]


@pytest.mark.parametrize(("typed", "stored"), [("92,5", 92.5), ("92.5", 92.5), ("92,5 %", 92.5), ("1,25", 1.25)])
def test_a_submission_reads_values_as_the_plan_page_does(open_period, submit, typed, stored):
    """One parser: what a branch types in its report means what the secretariat's plan page means by it."""
    from portal.services.plan import read_value

    period = open_period()
    submit(period, targets=[reporting.TargetInput("II.2.T1", typed)])
    row = db.session.scalar(select(TargetValue).where(TargetValue.period_id == period.id))
    assert row.value == stored == read_value(row_target(row), typed)


def row_target(row):
    from portal.models.plan import PlanTarget

    return db.session.get(PlanTarget, row.target_id)


def test_an_evidence_file_gets_the_title_typed_or_the_one_in_its_header(open_period, submit, report_file):
    from portal.models import Document

    period = open_period()
    typed = report_file("Bảng số liệu hồ sơ trực tuyến quý IV.", name="so-lieu.txt")
    header = report_file(
        "CHI BỘ HÀNH CHÍNH - QUẢN TRỊ\n\nBÁO CÁO\nsố liệu hồ sơ xử lý trên môi trường mạng quý IV\n\nTỷ lệ đạt 87%.",
        name="minh-chung.txt",
    )
    submit(
        period,
        targets=[
            reporting.TargetInput(
                "II.2.T1",
                "100",
                evidence_path=typed,
                evidence_name="so-lieu.txt",
                evidence_title="Bảng tổng hợp TTHC trực tuyến",
            ),
            reporting.TargetInput("II.2.T2", "87", evidence_path=header, evidence_name="minh-chung.txt"),
        ],
    )
    titles = {d.display_title for d in db.session.scalars(select(Document).where(Document.doc_type == "khac"))}
    assert "Bảng tổng hợp TTHC trực tuyến" in titles
    assert "Số liệu hồ sơ xử lý trên môi trường mạng quý IV" in titles and "minh-chung.txt" not in titles
