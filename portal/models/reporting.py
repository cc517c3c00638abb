"""Reporting periods, each unit's slot, submissions, summary reports, inspection findings, notifications."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

PERIOD_KINDS = {"quy": "Quý", "sau_thang": "6 tháng", "nam": "Năm", "chuyen_de": "Chuyên đề"}
SLOT_STATUSES = {
    "chua_nop": "Chưa nộp",
    "da_nop": "Đã nộp",
    "nop_muon": "Nộp muộn",
    "yeu_cau_bo_sung": "Yêu cầu bổ sung",
    "da_tiep_nhan": "Đã tiếp nhận",
}
FINDING_STATUSES = {"mo": "Chưa khắc phục", "dang_khac_phuc": "Đang khắc phục", "da_khac_phuc": "Đã khắc phục"}


class ReportingPeriod(db.Model):
    """A reporting campaign opened by the secretariat."""

    __tablename__ = "reporting_periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="quy")
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    instructions: Mapped[str | None] = mapped_column(Text)
    is_closed: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Eager: every page that shows a period walks its slots, their units and submissions (one statement each, not
    # one per slot; issue 15's statement-count test).
    slots = relationship("PeriodUnit", cascade="all, delete-orphan", back_populates="period", lazy="selectin")
    task_rows = relationship("PeriodTask", cascade="all, delete-orphan")
    target_rows = relationship("PeriodTarget", cascade="all, delete-orphan")


class PeriodUnit(db.Model):
    """A unit's slot in a period and its status."""

    __tablename__ = "period_units"
    __table_args__ = (UniqueConstraint("period_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), default="chua_nop")
    submitted_at: Mapped[datetime | None]
    reviewed_at: Mapped[datetime | None]
    review_comment: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    period = relationship("ReportingPeriod", back_populates="slots")
    unit = relationship("Unit", lazy="joined")
    submissions = relationship(
        "Submission",
        order_by="Submission.version_no",
        cascade="all, delete-orphan",
        back_populates="slot",
        lazy="selectin",
    )


class PeriodTask(db.Model):
    """A task a period asks about."""

    __tablename__ = "period_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id"))
    task = relationship("PlanTask")


class PeriodTarget(db.Model):
    """A target a period asks values for."""

    __tablename__ = "period_targets"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("plan_targets.id"))
    target = relationship("PlanTarget")


class Submission(db.Model):
    """One submitted report for a slot; a resubmission is a new version."""

    __tablename__ = "submissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("period_units.id", ondelete="CASCADE"), index=True)
    version_no: Mapped[int] = mapped_column(default=1)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    # A resubmission adds a version to the same document; this pins the file version this submission sent.
    document_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_late: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    document = relationship("Document")
    document_version = relationship("DocumentVersion")
    slot = relationship("PeriodUnit", back_populates="submissions")
    submitted_by = relationship("User")


class SummaryReport(db.Model):
    """The secretariat's summary report (báo cáo tổng hợp) draft for a period."""

    __tablename__ = "summary_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), unique=True)
    number: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text, default="")
    sections: Mapped[list | None] = mapped_column(JSON)
    recipients: Mapped[str | None] = mapped_column(Text)
    signer_mark: Mapped[str | None] = mapped_column(String(20))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    signer_name: Mapped[str | None] = mapped_column(String(200))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Frozen as the version sent: no regeneration or edit changes it afterwards.
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    period = relationship("ReportingPeriod")
    sent_by = relationship("User", foreign_keys=[sent_by_id])


class Finding(db.Model):
    """An inspection finding (kết luận kiểm tra) for a unit and optionally a task, followed up to a deadline."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("plan_tasks.id"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_periods.id"))
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")
    found_on: Mapped[date] = mapped_column(Date)
    follow_up_deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="mo")
    resolution: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    unit = relationship("Unit")
    task = relationship("PlanTask")


class Notification(db.Model):
    """An in-portal notification (reminders, returns, acceptances)."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(300))  # rows written before targets; new rows leave it empty
    # What the notification points at ("material", "report_slot" ...); the web layer turns it into a link.
    target_kind: Mapped[str | None] = mapped_column(String(30))
    target_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
