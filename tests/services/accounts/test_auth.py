"""Authentication: login, throttling, logout and password change invalidating sessions, CSRF, redirects, headers."""

import pytest
from sqlalchemy import select
from support import PASSWORD, login

from portal.extensions import db
from portal.models import AuditEvent


def _session_cookie(client):
    cookie = client.get_cookie("portal_session")
    return cookie.value if cookie else None


def test_wrong_password_is_refused_in_vietnamese_and_audited(client):
    response = login(client, "member", "khong-dung-mat-khau")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))
    assert event is not None and "member" in event.summary and event.ip


def test_unknown_user_gets_the_same_message(client):
    response = login(client, "khong-ton-tai", "bat-ky-mat-khau")
    assert response.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_login_is_throttled_after_repeated_failures_even_with_the_right_password(client):
    for _ in range(5):
        assert login(client, "member", "sai-mat-khau-xx").status_code == 401
    response = login(client, "member", PASSWORD)
    assert response.status_code == 429
    assert "tạm khóa" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_throttle_is_kept_in_the_database_so_another_worker_sees_it(app, client):
    """A second app instance (another gunicorn worker) on the same database refuses the throttled account too."""
    from portal import create_app

    for _ in range(5):
        login(client, "member", "sai-mat-khau-xx")
    from support import PortalClient

    from config import TestingConfig

    keys = ("SQLALCHEMY_DATABASE_URI", "INDEX_DIR", "UPLOAD_DIR")
    other = create_app(type("Other", (TestingConfig,), {k: app.config[k] for k in keys}))

    other.test_client_class = PortalClient
    with other.app_context():
        assert login(other.test_client(), "member", PASSWORD).status_code == 429


def test_logout_invalidates_a_copied_cookie(app, client):
    login(client, "member")
    stolen = _session_cookie(client)
    assert client.get("/").status_code == 200
    client.post("/auth/logout")
    thief = app.test_client()
    thief.set_cookie("portal_session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_password_change_ends_other_sessions(app, client):
    login(client, "member")
    other = app.test_client()
    login(other, "member")
    assert other.get("/").status_code == 200
    response = client.post(
        "/auth/password", data={"current": PASSWORD, "new": "Mat-khau-moi-2026!", "confirm": "Mat-khau-moi-2026!"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200, "the session that changed the password stays signed in"
    assert other.get("/").status_code == 302, "every other session ended"
    client.reset_csrf()
    client.post("/auth/logout")
    assert login(app.test_client(), "member", "Mat-khau-moi-2026!").status_code == 302


def test_weak_new_password_is_refused(client):
    login(client, "member")
    response = client.post("/auth/password", data={"current": PASSWORD, "new": "ngan", "confirm": "ngan"})
    assert response.status_code == 400
    assert "ít nhất 10 ký tự" in response.get_data(as_text=True)


def test_login_form_without_csrf_token_is_rejected(client):
    response = client.post("/auth/login", data={"username": "member", "password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_no_open_redirect_after_login(client, target):
    client.reset_csrf()
    response = client.post("/auth/login?next=" + target, data={"username": "member", "password": PASSWORD})
    assert response.status_code == 302
    assert response.location in ("/", "http://localhost/")


def test_login_follows_a_local_next(client):
    client.reset_csrf()
    response = client.post("/auth/login?next=/notifications", data={"username": "member", "password": PASSWORD})
    assert response.location.endswith("/notifications")


def test_security_headers_and_cookie_flags(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    login_response = login(client, "member")
    cookie_header = " ".join(login_response.headers.getlist("Set-Cookie"))
    assert "HttpOnly" in cookie_header and "SameSite=Lax" in cookie_header


def test_pages_use_only_local_assets(client):
    login(client, "member")
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    assert client.get("/static/vendor/bootstrap/bootstrap.min.css").status_code == 200


def test_disabled_user_cannot_log_in(app, client, users):
    from portal.services import accounts

    accounts.update_user(users["member_b"], is_active=False)
    assert login(client, "member_b").status_code == 401
