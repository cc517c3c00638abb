"""The second factor (TOTP, RFC 6238): enrolment, sign-in with a code, wrong and reused codes, recovery codes, the
admin reset, throttling, the policy setting on and off, API tokens, and the first-sign-in password change."""

import re
import time
from datetime import datetime, timedelta

import pyotp
import pytest
from sqlalchemy import select
from support import PASSWORD, login

from portal.clock import frozen
from portal.extensions import db
from portal.models import ApiToken, AuditEvent, RecoveryCode, User
from portal.services import accounts
from portal.services.accounts import two_factor

NEW_PASSWORD = "Mat-khau-rieng-cua-toi-2027"


def _user(username):
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.username == username))


def _code(secret, steps=0):
    """The code the phone shows `steps` time steps from now."""
    return pyotp.TOTP(secret).at(time.time() + steps * 30)


def _open(client, path):
    """GET a page and keep its CSRF token (pages a session must pass first redirect the client's usual token page)."""
    page = client.get(path)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    if match:
        client._csrf = match.group(1)
    return page


def _enrol(client, username):
    """Sign in, open the enrolment page, read the secret shown for typing, confirm with a code; returns (secret, codes)."""
    login(client, username)
    page = _open(client, "/auth/two-factor/setup")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    secret = re.search(r'id="khoa-bi-mat">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    done = client.post("/auth/two-factor/setup", data={"code": _code(secret)})
    assert done.status_code == 200 and "Mã khôi phục" in done.get_data(as_text=True)
    codes = re.findall(r"<li class=\"col\">([a-z2-9]{5}-[a-z2-9]{5})</li>", done.get_data(as_text=True))
    return secret, codes


def _logout(client):
    client.reset_csrf()
    client.post("/auth/logout")
    client.reset_csrf()


@pytest.fixture
def required(app):
    app.config["TWO_FACTOR_REQUIRED"] = True
    return app


def test_enrolment_shows_a_qr_code_drawn_here_and_gives_ten_recovery_codes(app, client):
    login(client, "member")
    html = client.get("/auth/two-factor/setup").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in html  # drawn on the server: no outside QR service
    assert "http" not in re.search(r'<img src="([^"]+)"', html).group(1)[:30]
    secret, codes = _enrol(client, "member")
    assert len(codes) == 10 and len(set(codes)) == 10
    user = _user("member")
    assert user.totp_enabled_at is not None and two_factor.is_enabled(user)
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not any(c.replace("-", "") in h for c in codes for h in stored)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.2fa_enable")) is not None


def test_the_secret_is_encrypted_at_rest_under_a_key_from_the_secret_key(app, client):
    secret, _ = _enrol(client, "member")
    stored = _user("member").totp_secret
    assert secret not in stored and secret.lower() not in stored.lower()
    assert two_factor.unseal(stored) == secret
    app.config["SECRET_KEY"] = "another-secret-key-of-another-site"
    assert two_factor.unseal(stored) is None  # a copied database alone does not give the secret away


def test_a_wrong_code_at_enrolment_keeps_it_off(client):
    login(client, "member")
    client.get("/auth/two-factor/setup")
    response = client.post("/auth/two-factor/setup", data={"code": "000000"})
    assert response.status_code == 400 and "Mã xác thực không đúng" in response.get_data(as_text=True)
    assert not two_factor.is_enabled(_user("member"))


def test_sign_in_asks_for_the_code_after_the_password(client):
    secret, _ = _enrol(client, "member")
    _logout(client)
    response = login(client, "member")
    assert response.status_code == 302 and response.headers["Location"].endswith("/auth/two-factor")
    assert client.get("/").status_code == 302  # the password alone does not sign in
    response = client.post("/auth/two-factor", data={"code": _code(secret, 1)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_and_counts_as_a_failed_attempt(client):
    _enrol(client, "member")
    _logout(client)
    login(client, "member")
    response = client.post("/auth/two-factor", data={"code": "123456"})
    assert response.status_code == 401 and "Mã xác thực không đúng" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.2fa_failed")) is not None


def test_a_code_is_accepted_only_once(client):
    secret, _ = _enrol(client, "member")
    code = _code(secret, 1)
    _logout(client)
    login(client, "member")
    assert client.post("/auth/two-factor", data={"code": code}).status_code == 302
    _logout(client)
    login(client, "member")
    assert client.post("/auth/two-factor", data={"code": code}).status_code == 401  # replayed


def test_a_recovery_code_works_once(client):
    _, codes = _enrol(client, "member")
    _logout(client)
    login(client, "member")
    response = client.post("/auth/two-factor", data={"code": codes[0].upper()})
    assert response.status_code == 302
    assert two_factor.recovery_codes_left(_user("member")) == 9
    _logout(client)
    login(client, "member")
    assert client.post("/auth/two-factor", data={"code": codes[0]}).status_code == 401


def test_codes_are_throttled_like_passwords(client):
    secret, _ = _enrol(client, "member")
    _logout(client)
    login(client, "member")
    for _ in range(5):
        assert client.post("/auth/two-factor", data={"code": "999999"}).status_code == 401
    response = client.post("/auth/two-factor", data={"code": _code(secret, 1)})
    assert response.status_code == 429 and "tạm khóa" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_the_code_step_expires_with_the_password_step(client):
    secret, _ = _enrol(client, "member")
    _logout(client)
    login(client, "member")
    with client.session_transaction() as session:
        session["pending_2fa"]["at"] -= 600
    response = client.post("/auth/two-factor", data={"code": _code(secret, 1)})
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_enrolling_in_one_session_ends_the_others_that_never_passed_it(app, client):
    other = app.test_client()
    login(other, "member")
    assert other.get("/").status_code == 200
    _enrol(client, "member")
    assert other.get("/").status_code == 302


def test_admin_reset_turns_it_off_revokes_tokens_ends_sessions_and_is_audited(app, client):
    _enrol(client, "member")
    accounts.issue_token(_user("member"), name="nhập hằng đêm")
    admin = app.test_client()
    login(admin, "admin")
    member_id = _user("member").id
    assert "Đang bật" in admin.get(f"/admin/users/{member_id}").get_data(as_text=True)
    response = admin.post(f"/admin/users/{member_id}/two-factor/reset")
    assert response.status_code == 302
    user = _user("member")
    assert not two_factor.is_enabled(user) and user.totp_secret is None
    assert db.session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None
    assert all(t.revoked_at for t in db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)))
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.2fa_reset"))
    assert event.username == "admin" and event.object_id == str(user.id)
    assert client.get("/").status_code == 302  # the member's session ended


def test_only_the_admin_may_reset(app, client):
    _enrol(client, "member")
    other = app.test_client()
    login(other, "secretariat")
    assert other.post(f"/admin/users/{_user('member').id}/two-factor/reset").status_code == 403
    assert two_factor.is_enabled(_user("member"))


def test_cli_reset_2fa_for_the_day_the_only_admin_loses_their_phone(app, client, runner):
    _enrol(client, "admin")
    result = runner.invoke(args=["users", "reset-2fa", "admin"])
    assert result.exit_code == 0 and "Đã đặt lại" in result.output
    assert not two_factor.is_enabled(_user("admin"))
    assert runner.invoke(args=["users", "reset-2fa", "khong-co"]).exit_code != 0


# --- the policy: on in production, off in development and for the demo ------------------------------------------


@pytest.mark.parametrize("username", ["admin", "secretariat", "inspector", "secretary", "leader"])
def test_with_the_setting_on_readers_of_secrets_must_enrol_before_anything_else(required, client, username):
    assert login(client, username).status_code == 302
    for path in ("/", "/documents/", "/auth/password"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/auth/two-factor/setup")
    assert client.get("/api/v1/me").status_code == 403
    assert client.get("/auth/two-factor/setup").status_code == 200


def test_with_the_setting_on_a_plain_member_may_opt_in_but_need_not(required, client):
    login(client, "member")
    assert client.get("/").status_code == 200


def test_with_the_setting_off_everyone_signs_in_with_the_password(app, client):
    assert app.config["TWO_FACTOR_REQUIRED"] is False
    login(client, "admin")
    assert client.get("/").status_code == 200


def test_a_required_account_cannot_turn_it_off(required, client):
    secret, _ = _enrol(client, "secretariat")
    response = client.post("/auth/two-factor/disable", data={"code": _code(secret, 1)})
    assert response.status_code == 302
    assert two_factor.is_enabled(_user("secretariat"))


def test_an_opted_in_member_turns_it_off_with_a_code(client):
    secret, _ = _enrol(client, "member")
    client.post("/auth/two-factor/disable", data={"code": _code(secret, 1)})
    assert not two_factor.is_enabled(_user("member"))


# --- API tokens ----------------------------------------------------------------------------------------------------


def test_tokens_are_issued_only_from_a_session_that_passed_the_second_factor(required, app, client):
    member_id = _user("member").id
    login(client, "admin")  # not enrolled yet: every page sends it to the enrolment
    refused = client.post(f"/admin/users/{member_id}/tokens", data={"name": "x"})
    assert refused.status_code in (302, 400) and "vp_" not in refused.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None
    secret, _ = _enrol(client, "admin")
    _logout(client)
    login(client, "admin")
    client.post("/auth/two-factor", data={"code": _code(secret, 1)})
    client.reset_csrf()
    assert client.post(f"/admin/users/{member_id}/tokens", data={"name": "x"}).status_code == 302
    assert db.session.scalar(select(ApiToken).where(ApiToken.user_id == member_id)) is not None


def test_bearer_tokens_stay_separate_credentials(required, app):
    token = accounts.issue_token(_user("secretariat"), name="script")
    response = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_token_records_its_last_use_at_most_once_a_minute(app):
    token = accounts.issue_token(_user("member"), name="script")
    api = app.test_client()
    start = datetime(2026, 12, 2, 1, 0, 0)
    with frozen(start):
        assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    row = db.session.scalar(select(ApiToken))
    db.session.refresh(row)
    assert row.last_used_at == start
    with frozen(start + timedelta(seconds=40)):
        api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    db.session.refresh(row)
    assert row.last_used_at == start  # a read within the minute does not write
    with frozen(start + timedelta(seconds=61)):
        api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    db.session.refresh(row)
    assert row.last_used_at == start + timedelta(seconds=61)


def test_the_admin_sees_when_each_token_was_last_used(app, client):
    token = accounts.issue_token(_user("member"), name="script")
    with frozen(datetime(2026, 12, 2, 1, 0, 0)):
        app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    login(client, "admin")
    html = client.get(f"/admin/users/{_user('member').id}").get_data(as_text=True)
    assert "dùng lần cuối 02/12/2026 08:00" in html


# --- first sign-in ------------------------------------------------------------------------------------------------


def test_an_account_created_by_the_admin_changes_its_password_at_first_sign_in(app, client):
    admin = app.test_client()
    login(admin, "admin")
    admin.post(
        "/admin/users/new",
        data={
            "username": "dangvien.moi",
            "full_name": "Đồng chí Mới",
            "unit": "CB-A",
            "roles": ["member"],
            "password": "Mat-khau-tam-thoi-123",
        },
    )
    assert _user("dangvien.moi").must_change_password
    login(client, "dangvien.moi", "Mat-khau-tam-thoi-123")
    for path in ("/", "/documents/", "/auth/security"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].endswith("/auth/password")
    assert "quản trị viên cấp" in _open(client, "/auth/password").get_data(as_text=True)
    same = client.post(
        "/auth/password",
        data={"current": "Mat-khau-tam-thoi-123", "new": "Mat-khau-tam-thoi-123", "confirm": "Mat-khau-tam-thoi-123"},
    )
    assert same.status_code == 400 and "khác mật khẩu hiện tại" in same.get_data(as_text=True)
    client.post(
        "/auth/password", data={"current": "Mat-khau-tam-thoi-123", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert not _user("dangvien.moi").must_change_password
    assert client.get("/").status_code == 200


def test_an_admin_reset_makes_the_user_choose_again(app, client):
    admin = app.test_client()
    login(admin, "admin")
    admin.post(f"/admin/users/{_user('member').id}/password", data={"password": "Mat-khau-dat-lai-456"})
    assert _user("member").must_change_password
    login(client, "member", "Mat-khau-dat-lai-456")
    assert client.get("/").headers["Location"].endswith("/auth/password")


def test_accounts_made_by_the_operator_and_the_demo_sign_in_directly(app, client, runner):
    runner.invoke(args=["users", "create", "vanhanh", "--password", PASSWORD + "x", "--role", "member"])
    assert not _user("vanhanh").must_change_password
    assert not _user("member").must_change_password
