"""Units (đơn vị), users, their roles, API tokens and login attempts."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow

ROLES = ("member", "branch_secretary", "secretariat", "inspector", "admin")
ROLE_LABELS = {
    "member": "Đảng viên",
    "branch_secretary": "Bí thư chi bộ",
    "secretariat": "Bộ phận giúp việc",
    "inspector": "Ủy ban Kiểm tra",
    "admin": "Quản trị hệ thống",
}
UNIT_KINDS = {
    "office": "Đảng ủy",
    "standing": "Ban Thường vụ",
    "committee": "Ủy ban Kiểm tra",
    "secretariat": "Bộ phận giúp việc",
    "branch": "Chi bộ trực thuộc",
}


class Unit(db.Model):
    """An organisation unit: Đảng ủy, Ban Thường vụ, UBKT, bộ phận giúp việc or a chi bộ."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="branch")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    parent = relationship("Unit", remote_side=[id])

    @property
    def kind_label(self):
        return UNIT_KINDS.get(self.kind, self.kind)


class User(db.Model):
    """A person with an account; `session_token` rotates to invalidate sessions on the server."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(default=True)
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    # Set when the administrator created the account or reset its password: the next sign-in must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The TOTP second factor: the secret sealed with a key derived from SECRET_KEY, and the last time step accepted
    # (a code is never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(300))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    unit = relationship("Unit")
    role_rows = relationship("UserRole", cascade="all, delete-orphan", lazy="selectin")

    # Flask-Login protocol ---------------------------------------------------
    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        """Session id carries the rotating token, so logout elsewhere invalidates copied cookies."""
        return f"{self.id}:{self.session_token}"

    @property
    def roles(self):
        return sorted({r.role for r in self.role_rows}, key=ROLES.index)

    def has_role(self, *names):
        return any(r.role in names for r in self.role_rows)

    @property
    def display_name(self):
        return self.full_name or self.username


class UserRole(db.Model):
    """A role held by a user."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))


class ApiToken(db.Model):
    """A revocable API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user = relationship("User")


class RecoveryCode(db.Model):
    """A single-use recovery code for the second factor; only its keyed hash is stored."""

    __tablename__ = "recovery_codes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class LoginAttempt(db.Model):
    """One login attempt; failures in a window throttle the account and the address across workers."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    success: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
