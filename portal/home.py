"""The home page per role: each area contributes panels listing what needs this user's attention."""

import importlib
from dataclasses import dataclass, field

from sqlalchemy import func, select

from .extensions import db

# "module:function" returning a list of Panel for a user. Each area owns its provider.
PROVIDERS = [
    "portal.services.materials:home_panels",
    "portal.services.reporting:home_panels",
    "portal.services.documents:home_panels",
    "portal.services.plan:home_panels",
    "portal.home:admin_panels",
]


@dataclass
class PanelItem:
    """One line of a panel."""

    label: str
    url: str | None = None
    note: str | None = None
    urgent: bool = False


@dataclass
class Panel:
    """A card on the home page."""

    key: str
    title: str
    items: list = field(default_factory=list)
    count: int | None = None
    empty: str = "Không có việc cần xử lý."
    urgent: bool = False
    more_url: str | None = None
    more_label: str | None = None
    order: int = 50


def _provider(spec):
    """The home_panels function named by "module:function"."""
    module_name, func_name = spec.split(":")
    return getattr(importlib.import_module(module_name), func_name)


def panels_for(user):
    """Every panel the user should see, most important first."""
    panels = []
    for spec in PROVIDERS:
        panels.extend(_provider(spec)(user) or [])
    return sorted(panels, key=lambda p: p.order)


def admin_panels(user):
    """Administrator: accounts and recent failed logins."""
    if not user.has_role("admin"):
        return []
    from datetime import timedelta

    from flask import url_for

    from .models import AuditEvent, User
    from .models.base import utcnow

    since = utcnow() - timedelta(days=1)
    failed = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "auth.login_failed", AuditEvent.at >= since)
    )
    disabled = db.session.scalar(select(func.count(User.id)).where(User.is_active.is_(False)))
    total = db.session.scalar(select(func.count(User.id)))
    items = [
        PanelItem(f"{total} tài khoản, {disabled} đang khóa", url_for("admin.users")),
        PanelItem(
            f"{failed} lần đăng nhập thất bại trong 24 giờ qua",
            url_for("admin.audit", action="auth.login_failed"),
            urgent=failed > 10,
        ),
    ]
    return [Panel("admin", "Quản trị hệ thống", items, order=90)]
