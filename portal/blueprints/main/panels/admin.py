"""Home panel of the administrator: accounts and recent failed sign-ins."""

from datetime import timedelta

from flask import url_for

from portal.clock import utcnow
from portal.services import audit
from portal.services.accounts import directory

from .cards import Panel, PanelItem


def panels(user):
    """Administrator: accounts and failed logins in the last 24 hours."""
    if not user.has_role("admin"):
        return []
    failed = audit.count_since("auth.login_failed", utcnow() - timedelta(days=1))
    total, disabled = directory.account_counts()
    items = [
        PanelItem(f"{total} tài khoản, {disabled} đang khóa", url_for("admin.users")),
        PanelItem(
            f"{failed} lần đăng nhập thất bại trong 24 giờ qua",
            url_for("admin.audit", action="auth.login_failed"),
            urgent=failed > 10,
        ),
    ]
    return [Panel("admin", "Quản trị hệ thống", items, order=90)]
