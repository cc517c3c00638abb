"""Error pages in Vietnamese for the web, JSON errors for the API; 500 rolls the transaction back."""

from flask import flash, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from ...error_json import error_response
from ...errors import PortalError
from ...extensions import db
from ...web import safe_referrer

MESSAGES = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu gửi lên không đúng định dạng. Vui lòng kiểm tra lại."),
    401: ("Cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
    403: ("Không có quyền truy cập", "Tài khoản của đồng chí không có quyền xem hoặc thực hiện thao tác này."),
    404: ("Không tìm thấy", "Trang hoặc văn bản đồng chí tìm không tồn tại, hoặc đồng chí không có quyền xem."),
    405: ("Phương thức không được hỗ trợ", "Thao tác này không được hỗ trợ tại địa chỉ này."),
    409: ("Xung đột dữ liệu", "Trạng thái hiện tại không cho phép thao tác này."),
    413: ("Tệp quá lớn", "Tệp tải lên vượt quá dung lượng cho phép."),
    422: ("Không xử lý được", "Nội dung gửi lên không xử lý được."),
    429: ("Quá nhiều yêu cầu", "Đồng chí thao tác quá nhanh. Vui lòng thử lại sau ít phút."),
    500: (
        "Lỗi hệ thống",
        "Đã xảy ra lỗi ngoài ý muốn. Thao tác chưa được lưu; vui lòng thử lại hoặc báo quản trị viên.",
    ),
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "unprocessable",
    429: "too_many_requests",
    500: "server_error",
}


def _wants_json():
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _answer(status, message=None, code=None, details=None):
    title, default_message = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    message = message or default_message
    if _wants_json():
        return error_response(code or CODES.get(status, "error"), message, status, details)
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _size_message():
    from flask import current_app

    return f"Tệp tải lên vượt quá dung lượng cho phép ({current_app.config['MAX_UPLOAD_MB']} MB)."


def register(app):
    """Install the handlers on the app."""

    @app.errorhandler(PortalError)
    def _portal_error(error):
        db.session.rollback()
        back = safe_referrer() if request.method == "POST" and not _wants_json() else None
        if back and error.status in (400, 409, 422):
            flash(error.message, "danger")
            return redirect(back)
        return _answer(error.status, error.message, error.code, error.details)

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        return _answer(
            400,
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (CSRF). Vui lòng tải lại trang và thử lại.",
            "csrf",
        )

    @app.errorhandler(413)
    def _too_large(error):
        return _answer(413, _size_message(), "too_large")

    @app.errorhandler(HTTPException)
    def _http_error(error):
        return _answer(error.code or 500)

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _out_of_range(error):
        # A last line behind the id checks (portal/ids.py, portal/converters.py): a number the database cannot hold
        # is bad input, never a server error.
        db.session.rollback()
        app.logger.warning("Giá trị ngoài phạm vi cơ sở dữ liệu: %s", error)
        return _answer(400, "Giá trị gửi lên quá lớn hoặc không hợp lệ.", "bad_request")

    @app.errorhandler(Exception)
    def _server_error(error):
        db.session.rollback()
        app.logger.exception("Lỗi không mong đợi")
        return _answer(500)
