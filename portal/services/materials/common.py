"""What every part of the materials service shares: limits, messages, the editor check, the index job."""

from portal.errors import NotAllowed
from portal.extensions import db
from portal.security import has_permission

MAX_BODY_BYTES = 200 * 1024
MAX_TITLE = 300
RENDER_TIMEOUT = 5.0
FALLBACK_PREFIX = '<pre class="markdown-source">'
TOO_LARGE = "Nội dung tài liệu vượt quá 200 KB; vui lòng rút gọn hoặc đưa phần dài thành tệp đính kèm."
TOO_COMPLEX = (
    "Nội dung Markdown quá phức tạp, không hiển thị được trong thời gian cho phép "
    "(ví dụ: lồng danh sách, trích dẫn hoặc ngoặc quá sâu). Vui lòng đơn giản hóa định dạng."
)
NOT_FOUND = "Không tìm thấy tài liệu hoặc đồng chí không có quyền xem tài liệu này."


def require_manager(user):
    """Only the secretariat and administrators write materials."""
    if not has_permission(user, "materials.manage"):
        raise NotAllowed("Chỉ bộ phận giúp việc và quản trị viên được soạn, phát hành tài liệu quán triệt.")


def enqueue_index(material, action="upsert"):
    """Queue a search index update for the material (same transaction)."""
    from portal.search import jobs

    jobs.enqueue(db.session, "material", material.id, action)
