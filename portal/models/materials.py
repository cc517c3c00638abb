"""Dissemination materials (tài liệu tuyên truyền, quán triệt) and members' acknowledgements."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Material(db.Model):
    """A material written in Markdown, rendered and sanitised once on save."""

    __tablename__ = "materials"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    audience_all: Mapped[bool] = mapped_column(default=True)
    publish_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    published_at: Mapped[datetime | None]
    revised_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[datetime | None]
    unit_rows = relationship("MaterialUnit", cascade="all, delete-orphan")
    document_rows = relationship("MaterialDocument", cascade="all, delete-orphan")
    task_rows = relationship("MaterialTask", cascade="all, delete-orphan")
    created_by = relationship("User")


class MaterialUnit(db.Model):
    """A unit in a material's audience (when not everyone)."""

    __tablename__ = "material_units"
    __table_args__ = (UniqueConstraint("material_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    unit = relationship("Unit")


class MaterialDocument(db.Model):
    """A document a material explains or attaches."""

    __tablename__ = "material_documents"
    __table_args__ = (UniqueConstraint("material_id", "document_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    is_attachment: Mapped[bool] = mapped_column(default=False)
    document = relationship("Document")


class MaterialTask(db.Model):
    """A plan task a material explains."""

    __tablename__ = "material_tasks"
    __table_args__ = (UniqueConstraint("material_id", "task_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("plan_tasks.id"))
    task = relationship("PlanTask")


class Acknowledgement(db.Model):
    """'Tôi đã nghiên cứu, quán triệt': a member's confirmation for one version of a material."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("material_id", "user_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(64))
    user = relationship("User")
