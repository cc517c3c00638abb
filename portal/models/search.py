"""The search's own data: the office's synonym list (index jobs live in ``jobs``)."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class SynonymEntry(db.Model):
    """One line of the office's synonym list ("VNeID = định danh điện tử"), applied to searches at query time."""

    __tablename__ = "synonym_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(80))
