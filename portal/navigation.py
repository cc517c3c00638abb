"""Navigation by role: each entry shows only to users holding its permission, and only once its page exists."""

from flask import current_app, request, url_for

from . import security

NAV = [
    ("main.home", "Trang chủ", "home.view"),
    ("search.results", "Tìm kiếm", "search.use"),
    ("documents.index", "Văn bản", "documents.read"),
    ("plan.tree", "Kế hoạch CCHC", "plan.read"),
    ("materials.index", "Quán triệt", "materials.read"),
    ("reports.index", "Báo cáo định kỳ", "reports.view_own"),
    ("reports.inspection", "Kiểm tra", "findings.view"),
    ("search.synonyms_page", "Từ đồng nghĩa", "search.synonyms"),
    ("admin.users", "Quản trị", "users.manage"),
    ("admin.audit", "Nhật ký", "audit.read"),
]


def nav_items(user):
    """(url, label, active) for the entries this user may use; one entry is active for the current page."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries = [
        (endpoint, label)
        for endpoint, label, permission in NAV
        if endpoint in current_app.view_functions and security.has_permission(user, permission)
    ]
    current = request.endpoint or ""
    active = next((e for e, _ in entries if e == current), None)
    if active is None:
        area = current.split(".")[0]
        same_area = [e for e, _ in entries if e.split(".")[0] == area]
        active = same_area[0] if same_area else None
    return [(url_for(endpoint), label, endpoint == active) for endpoint, label in entries]
