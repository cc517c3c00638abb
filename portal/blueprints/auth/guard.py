"""What a signed-in session must do before anything else: choose its own password, then pass or enrol the second factor.

Runs before every request of the site. Bearer-token API requests are separate credentials and pass through.
"""

from flask import g, jsonify, redirect, request, session, url_for
from flask_login import current_user, logout_user

from portal.services.accounts import two_factor

# Pages a session may open while it still owes a step.
ALWAYS_OPEN = {"auth.login", "auth.logout", "auth.two_factor", "static", "main.healthz"}
SECOND_FACTOR_PASSED = "mfa"


def passed_second_factor():
    """True when this session proved the second factor (at sign-in or by enrolling)."""
    return bool(session.get(SECOND_FACTOR_PASSED))


def _refuse(message, endpoint):
    if request.path.startswith("/api/"):
        response = jsonify({"error": {"code": "account_step_required", "message": message}})
        response.status_code = 403
        return response
    return redirect(url_for(endpoint))


def enforce_account_steps():
    """before_app_request: first-sign-in password change, then the second factor where it is on or required."""
    endpoint = request.endpoint or ""
    if endpoint in ALWAYS_OPEN or not current_user.is_authenticated or g.get("api_token_auth"):
        return None
    user = current_user._get_current_object()
    if user.must_change_password and endpoint != "auth.password":
        return _refuse("Đồng chí cần đổi mật khẩu do quản trị viên cấp trước khi tiếp tục.", "auth.password")
    if two_factor.is_enabled(user) and not passed_second_factor():
        # The second factor was turned on in another session: this one never proved it.
        logout_user()
        session.clear()
        return _refuse("Vui lòng đăng nhập lại bằng xác thực hai lớp.", "auth.login")
    if (
        not user.must_change_password
        and endpoint != "auth.two_factor_setup"
        and not two_factor.is_enabled(user)
        and two_factor.required_for(user)
    ):
        return _refuse(
            "Tài khoản của đồng chí bắt buộc dùng xác thực hai lớp; vui lòng đăng ký.", "auth.two_factor_setup"
        )
    return None
