"""Navigation by role: each entry shows only to users holding its permission, and only once its page exists."""
from flask import current_app, url_for

from . import security

NAV = [
    ("main.home", "Trang chủ", "home.view"),
    ("search.results", "Tìm kiếm", "search.use"),
    ("documents.index", "Văn bản", "documents.read"),
    ("plan.tree", "Kế hoạch CCHC", "plan.read"),
    ("materials.index", "Tài liệu quán triệt", "materials.read"),
    ("reports.index", "Báo cáo định kỳ", "reports.view_own"),
    ("reports.inspection", "Kiểm tra, giám sát", "findings.view"),
    ("admin.users", "Quản trị", "users.manage"),
    ("admin.audit", "Nhật ký", "audit.read"),
]


def nav_items(user):
    """(url, label, endpoint) for the entries this user may use."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for endpoint, label, permission in NAV:
        if endpoint in current_app.view_functions and security.has_permission(user, permission):
            items.append((url_for(endpoint), label, endpoint))
    return items
