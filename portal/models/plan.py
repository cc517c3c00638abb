"""The plan as data: areas, tasks with the 6 rõ, 2030 targets, section III assignments, document links."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

RELATIONS = {
    "can_cu": "Căn cứ",
    "trien_khai": "Triển khai",
    "bao_cao_ket_qua": "Báo cáo kết quả",
    "minh_chung": "Minh chứng",
    "tuyen_truyen": "Tuyên truyền",
}
TASK_UNIT_ROLES = {"chu_tri": "Chủ trì", "phoi_hop": "Phối hợp"}


class Plan(db.Model):
    """A plan (kế hoạch) parsed from its document."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    title: Mapped[str] = mapped_column(Text, default="")
    number: Mapped[str | None] = mapped_column(String(80))
    is_draft: Mapped[bool] = mapped_column(default=False)
    issued_on: Mapped[date | None] = mapped_column(Date)
    issued_year: Mapped[int | None]
    issued_month: Mapped[int | None]
    purposes: Mapped[list | None] = mapped_column(JSON)
    requirements: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    document = relationship("Document")
    areas = relationship("PlanArea", order_by="PlanArea.ordinal", cascade="all, delete-orphan")
    assignments = relationship("PlanAssignment", order_by="PlanAssignment.ordinal", cascade="all, delete-orphan")


class PlanArea(db.Model):
    """A numbered task area of section II (II.1 … II.6)."""

    __tablename__ = "plan_areas"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    ordinal: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    tasks = relationship("PlanTask", order_by="PlanTask.ordinal", cascade="all, delete-orphan")
    targets = relationship("PlanTarget", order_by="PlanTarget.ordinal", cascade="all, delete-orphan")


class PlanTask(db.Model):
    """A bullet task with its 6 rõ: units (người, trách nhiệm), text (việc), deadline, product, authority."""

    __tablename__ = "plan_tasks"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("plan_areas.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20), index=True)
    ordinal: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    periodicity: Mapped[str | None] = mapped_column(String(200))
    product: Mapped[str | None] = mapped_column(Text)
    authority: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    area = relationship("PlanArea", back_populates="tasks")
    plan = relationship("Plan")
    unit_rows = relationship("TaskUnit", cascade="all, delete-orphan", lazy="selectin")


class TaskUnit(db.Model):
    """A unit responsible for a task, as chủ trì or phối hợp."""

    __tablename__ = "task_units"
    __table_args__ = (UniqueConstraint("task_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="chu_tri")
    unit = relationship("Unit", lazy="joined")


class PlanTarget(db.Model):
    """A 'phấn đấu đến năm 2030' target, an indicator with baseline and target value."""

    __tablename__ = "plan_targets"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("plan_areas.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20), index=True)
    ordinal: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None]
    comparator: Mapped[str | None] = mapped_column(String(30))
    baseline: Mapped[float | None] = mapped_column(Float)
    qualitative: Mapped[bool] = mapped_column(default=False)
    area = relationship("PlanArea", back_populates="targets")
    values = relationship("TargetValue", order_by="TargetValue.reported_at", cascade="all, delete-orphan")


class PlanAssignment(db.Model):
    """A section III assignment: which unit does what."""

    __tablename__ = "plan_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    ordinal: Mapped[int]
    unit_name: Mapped[str] = mapped_column(String(200))
    unit_kind: Mapped[str | None] = mapped_column(String(30))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    text: Mapped[str] = mapped_column(Text)
    items: Mapped[list | None] = mapped_column(JSON)


class TargetValue(db.Model):
    """A value reported for a target, per period and unit, with its evidence document."""

    __tablename__ = "target_values"
    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("plan_targets.id", ondelete="CASCADE"), index=True)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_periods.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    value: Mapped[float] = mapped_column(Float)
    evidence_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    unit = relationship("Unit")
    evidence = relationship("Document")


class DocumentTaskLink(db.Model):
    """A document addressing a task, with its relation type, who made it and when."""

    __tablename__ = "document_task_links"
    __table_args__ = (UniqueConstraint("document_id", "task_id", "relation"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(30), default="bao_cao_ket_qua")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    document = relationship("Document")
    task = relationship("PlanTask")
    created_by = relationship("User")
