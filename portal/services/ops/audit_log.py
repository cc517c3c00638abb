"""The audit log read by people: actions and objects in Vietnamese, changes as a before/after list, a date range in
Vietnam time, and the same rows exported to XLSX/CSV through the reporting export writer."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.clock import start_of_local_day, to_local
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.formatting import format_datetime, format_number
from portal.models import SLOT_STATUSES, AuditEvent, Document, Material, ReportingPeriod, Unit, User

PER_PAGE = 50
ACTIONS = {
    "auth.login": "Đăng nhập",
    "auth.login_failed": "Đăng nhập không thành công",
    "auth.logout": "Đăng xuất",
    "auth.password": "Đổi mật khẩu",
    "user.create": "Tạo tài khoản",
    "user.update": "Sửa tài khoản",
    "user.password": "Đổi mật khẩu",
    "user.password_reset": "Đặt lại mật khẩu",
    "unit.create": "Thêm đơn vị",
    "unit.update": "Sửa đơn vị",
    "token.issue": "Cấp khóa truy cập API",
    "token.revoke": "Thu hồi khóa truy cập API",
    "document.upload": "Tải lên văn bản",
    "document.update": "Sửa thông tin văn bản",
    "document.new_version": "Tải phiên bản mới của văn bản",
    "document.reextract": "Đọc lại nội dung văn bản",
    "document.trash": "Chuyển vào thùng rác văn bản",
    "document.restore": "Khôi phục văn bản",
    "document.purge": "Xóa vĩnh viễn văn bản",
    "plan.import": "Nhập kế hoạch",
    "plan.prefill": "Điền sẵn “6 rõ” cho kế hoạch",
    "plan.task_update": "Sửa “6 rõ” nhiệm vụ",
    "plan.link": "Gắn văn bản với nhiệm vụ",
    "plan.unlink": "Bỏ gắn văn bản với nhiệm vụ",
    "plan.target_value": "Báo cáo giá trị chỉ tiêu",
    "material.create": "Soạn tài liệu quán triệt",
    "material.update": "Sửa tài liệu quán triệt",
    "material.revise": "Sửa đổi tài liệu quán triệt đã phát hành",
    "material.publish": "Phát hành tài liệu quán triệt",
    "material.unpublish": "Thu hồi tài liệu quán triệt",
    "material.delete": "Xóa tài liệu quán triệt",
    "material.attach": "Đính kèm tệp vào tài liệu quán triệt",
    "material.acknowledge": "Xác nhận đã nghiên cứu, quán triệt",
    "material.remind": "Nhắc xác nhận quán triệt",
    "reports.period_open": "Mở đợt báo cáo",
    "reports.period_update": "Sửa đợt báo cáo",
    "reports.period_close": "Đóng đợt báo cáo",
    "reports.period_reopen": "Mở lại đợt báo cáo",
    "reports.submit": "Nộp báo cáo",
    "reports.accept": "Tiếp nhận báo cáo",
    "reports.return": "Yêu cầu bổ sung báo cáo",
    "reports.remind": "Nhắc nộp báo cáo",
    "reports.summary_generate": "Lập dự thảo báo cáo tổng hợp",
    "reports.summary_edit": "Sửa báo cáo tổng hợp",
    "reports.summary_send": "Chốt báo cáo tổng hợp",
    "findings.create": "Ghi kết luận kiểm tra",
    "findings.update": "Cập nhật kết luận kiểm tra",
}
OBJECTS = {
    "documents": "văn bản",
    "users": "tài khoản",
    "units": "đơn vị",
    "api_tokens": "khóa API",
    "plans": "kế hoạch",
    "plan_tasks": "nhiệm vụ",
    "plan_targets": "chỉ tiêu",
    "target_values": "giá trị chỉ tiêu",
    "document_task_links": "liên kết văn bản – nhiệm vụ",
    "materials": "tài liệu quán triệt",
    "reporting_periods": "đợt báo cáo",
    "period_units": "phần báo cáo của đơn vị",
    "summary_reports": "báo cáo tổng hợp",
    "findings": "kết luận kiểm tra",
}
FIELDS = {
    "title": "Trích yếu / tiêu đề",
    "number": "Số, ký hiệu",
    "doc_type": "Loại văn bản",
    "issuer": "Cơ quan ban hành",
    "issued_on": "Ngày ban hành",
    "status": "Trạng thái",
    "version": "Phiên bản",
    "version_no": "Lần nộp",
    "visibility": "Phạm vi xem",
    "secrecy": "Độ mật",
    "roles": "Vai trò",
    "unit": "Đơn vị",
    "unit_id": "Đơn vị",
    "is_active": "Đang hoạt động",
    "full_name": "Họ và tên",
    "email": "Thư điện tử",
    "task": "Nhiệm vụ",
    "tasks": "Nhiệm vụ",
    "target": "Chỉ tiêu",
    "targets": "Chỉ tiêu",
    "value": "Giá trị",
    "relation": "Loại liên kết",
    "deadline": "Hạn",
    "comment": "Nhận xét",
    "review_comment": "Nhận xét",
    "document_id": "Văn bản",
    "evidence": "Văn bản minh chứng",
    "period": "Đợt báo cáo",
    "sections": "Số mục",
    "body_chars": "Độ dài nội dung (ký tự)",
    "users": "Tài khoản",
    "filled": "Số mục điền sẵn",
}
VALUES = {**SLOT_STATUSES, "all": "Mọi người", "units": "Các đơn vị được chọn", "leadership": "Lãnh đạo"}


@dataclass
class AuditFilters:
    """What the reader asked for; dates are days in Vietnam time, both ends included."""

    action: str = ""
    username: str = ""
    q: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _bounds(filters):
    """(from, to) as naive UTC datetimes for the chosen local days; ValidationFailed when they are reversed."""
    start = start_of_local_day(filters.date_from) if filters.date_from else None
    end = start_of_local_day(filters.date_to + timedelta(days=1)) if filters.date_to else None
    if start and end and start >= end:
        raise ValidationFailed("“Từ ngày” phải trước hoặc bằng “Đến ngày”.")
    return start, end


def _query(filters):
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.username:
        query = query.where(AuditEvent.username == filters.username)
    if filters.q:
        query = query.where(AuditEvent.summary.ilike(f"%{filters.q}%"))
    start, end = _bounds(filters)
    if start:
        query = query.where(AuditEvent.at >= start)
    if end:
        query = query.where(AuditEvent.at < end)
    return query


def search_events(filters, page=1):
    """(events described for people, total, pages) newest first."""
    query = _query(filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(page, 1)
    rows = db.session.scalars(query.order_by(AuditEvent.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE))
    return [describe(e) for e in rows], total, (total + PER_PAGE - 1) // PER_PAGE


def action_choices():
    """(code, label) of the actions present in the log, by label."""
    codes = db.session.scalars(select(AuditEvent.action).distinct())
    return sorted(((c, action_label(c)) for c in codes), key=lambda item: item[1])


def action_label(code):
    return ACTIONS.get(code, code.replace("_", " ").replace(".", ": "))


def describe(event):
    """{"event", "at", "user", "action", "object", "changes": [(label, before, after)]} in words."""
    return {
        "event": event,
        "at": to_local(event.at),
        "user": event.username or "—",
        "action": action_label(event.action),
        "object": object_label(event.object_type, event.object_id),
        "summary": event.summary,
        "changes": changes(event.before, event.after),
    }


def object_label(object_type, object_id):
    """ "văn bản 21-CT/TU", "tài khoản giupviec.ha", "đợt báo cáo Báo cáo quý IV năm 2026"."""
    if not object_type:
        return ""
    noun = OBJECTS.get(object_type, "đối tượng")
    name = _object_name(object_type, object_id)
    return f"{noun} {name}".strip()


def _object_name(object_type, object_id):
    if not object_id or not str(object_id).isdigit():
        return str(object_id or "")
    key = int(object_id)
    lookups = {
        "documents": lambda: (lambda d: d and (d.number or d.display_title))(db.session.get(Document, key)),
        "users": lambda: (lambda u: u and u.username)(db.session.get(User, key)),
        "units": lambda: (lambda u: u and u.name)(db.session.get(Unit, key)),
        "materials": lambda: (lambda m: m and f"“{m.title}”")(db.session.get(Material, key)),
        "reporting_periods": lambda: (lambda p: p and p.title)(db.session.get(ReportingPeriod, key)),
    }
    found = lookups[object_type]() if object_type in lookups else None
    return found or f"số {key}"


def changes(before, after):
    """[(field label, before text, after text)] for the fields that differ (or are only on one side)."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("Nội dung", _text(before), _text(after))]
    out = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        if key in before and key in after and old == new:
            continue
        out.append((FIELDS.get(key, key.replace("_", " ")), _text(old) if key in before else "", _text(new)))
    return out


def _text(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return format_number(value, 2)
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{FIELDS.get(k, k)}: {_text(v)}" for k, v in value.items())
    text = str(value)
    return VALUES.get(text, text)


EXPORT_HEADER = ["Thời điểm", "Người thực hiện", "Địa chỉ", "Hành động", "Đối tượng", "Nội dung", "Thay đổi"]


def export_rows(filters, limit=50_000):
    """[header, rows...] for XLSX/CSV: the filtered events in words, newest first."""
    rows = [EXPORT_HEADER]
    for event in db.session.scalars(_query(filters).order_by(AuditEvent.id.desc()).limit(limit)):
        d = describe(event)
        change = "; ".join(f"{label}: {old} → {new}" for label, old, new in d["changes"])
        rows.append(
            [format_datetime(event.at), d["user"], event.ip or "", d["action"], d["object"], d["summary"], change]
        )
    return rows


def export(filters, fmt):
    """(bytes, mimetype, extension) of the filtered log through the reporting export writer."""
    from portal.services.reporting import exports

    rows = export_rows(filters)
    if fmt == "xlsx":
        return exports.xlsx_bytes(rows, "Nhật ký hệ thống"), exports.XLSX_MIME, "xlsx"
    if fmt == "csv":
        return exports.csv_bytes(rows), exports.CSV_MIME, "csv"
    raise ValidationFailed("Chỉ xuất được XLSX hoặc CSV.", status=404)
