"""Administration pages, the audit log, API tokens and the users/units commands."""

import json

from sqlalchemy import select
from support import login

from portal.extensions import db
from portal.models import AuditEvent, User


def test_admin_creates_a_branch_secretary_through_the_form(client, login_as):
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "bithu.moi",
            "full_name": "Nguyễn Thị Mới",
            "unit": "CB-B",
            "roles": ["member", "branch_secretary"],
            "password": "Mat-khau-ban-dau-1",
            "email": "",
            "position": "",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "bithu.moi"))
    assert user.roles == ["member", "branch_secretary"] and user.unit.code == "CB-B"
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.create", AuditEvent.object_id == str(user.id))
    )
    assert event.after["roles"] == ["branch_secretary", "member"] or set(event.after["roles"]) == {
        "member",
        "branch_secretary",
    }


def test_branch_secretary_must_belong_to_a_branch(client, login_as):
    login_as("admin")
    response = client.post(
        "/admin/users/new",
        data={
            "username": "sai.donvi",
            "full_name": "Sai Đơn Vị",
            "unit": "BPGV",
            "roles": ["branch_secretary"],
            "password": "Mat-khau-ban-dau-1",
        },
    )
    assert response.status_code == 400
    assert "Bí thư chi bộ phải thuộc một chi bộ." in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "sai.donvi")) is None


def test_admin_edits_roles_and_the_audit_keeps_before_and_after(client, login_as, users):
    login_as("admin")
    member = users["member"]
    response = client.post(
        f"/admin/users/{member.id}",
        data={
            "username": "member",
            "full_name": "Đồng chí member",
            "unit": "CB-A",
            "roles": ["member", "branch_secretary"],
            "is_active": "y",
            "email": "",
            "position": "",
        },
    )
    assert response.status_code == 302
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "user.update").order_by(AuditEvent.id.desc())
    )
    assert event.before["roles"] == ["member"] and "branch_secretary" in event.after["roles"]
    assert event.username == "admin"
    page = client.get("/admin/audit?action=user.update").get_data(as_text=True)
    assert "Sửa tài khoản member" in page


def test_disabling_a_user_ends_their_session(app, client, login_as, users):
    victim = app.test_client()
    login(victim, "member_b")
    assert victim.get("/").status_code == 200
    login_as("admin")
    client.post(
        f"/admin/users/{users['member_b'].id}",
        data={
            "username": "member_b",
            "full_name": "B",
            "unit": "CB-B",
            "roles": ["member"],
            "email": "",
            "position": "",
        },
    )
    assert victim.get("/").status_code == 302


def test_admin_resets_a_password(app, client, login_as, users):
    login_as("admin")
    client.post(f"/admin/users/{users['member'].id}/password", data={"password": "Mat-khau-dat-lai-9"})
    assert login(app.test_client(), "member", "Mat-khau-dat-lai-9").status_code == 302


def test_only_admin_manages_users_and_admin_or_inspector_reads_the_audit(client, login_as):
    login_as("secretariat")
    assert client.get("/admin/users").status_code == 403
    assert client.get("/admin/audit").status_code == 403
    client.post("/auth/logout")
    client.reset_csrf()
    login_as("inspector")
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/admin/users").status_code == 403


def test_api_token_issue_use_and_revoke(client, login_as, users):
    login_as("admin")
    client.post(f"/admin/users/{users['secretary'].id}/tokens", data={"name": "nhập hằng đêm"})
    flashed = client.get(f"/admin/users/{users['secretary'].id}").get_data(as_text=True)
    token = flashed.split("hãy lưu lại): ")[1].split()[0].split("<")[0]
    anonymous = client.application.test_client()
    me = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.get_json()["username"] == "secretary"
    from portal.models import ApiToken

    row = db.session.scalar(select(ApiToken).where(ApiToken.user_id == users["secretary"].id))
    client.post(f"/admin/tokens/{row.id}/revoke")
    again = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 401 and again.get_json()["error"]["code"] == "unauthorized"


def test_api_errors_are_json_never_html(client):
    assert client.get("/api/v1/me").get_json()["error"]["code"] == "unauthorized"
    missing = client.get("/api/v1/khong-co")
    assert missing.status_code == 404 and missing.is_json
    assert "không tồn tại" in missing.get_json()["error"]["message"]


def test_cli_units_and_users(runner):
    result = runner.invoke(args=["units", "create", "CB-C", "--name", "Chi bộ Văn thư - Lưu trữ", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"code": "CB-C", "name": "Chi bộ Văn thư - Lưu trữ", "kind": "branch"}
    result = runner.invoke(
        args=[
            "users",
            "create",
            "bithu.c",
            "--password",
            "Mat-khau-cli-2026",
            "--role",
            "member",
            "--role",
            "branch_secretary",
            "--unit",
            "CB-C",
            "--name",
            "Bí thư C",
            "--json",
        ]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"username": "bithu.c", "roles": ["member", "branch_secretary"], "unit": "CB-C"}
    listed = json.loads(runner.invoke(args=["units", "list", "--json"]).stdout)
    assert {"code": "CB-C", "name": "Chi bộ Văn thư - Lưu trữ", "kind": "branch", "parent": None} in listed


def test_cli_refuses_bad_input_in_vietnamese(runner):
    result = runner.invoke(args=["users", "create", "x.y", "--password", "ngan", "--role", "member"])
    assert result.exit_code != 0
    assert "ít nhất 10 ký tự" in result.output
    result = runner.invoke(
        args=["users", "create", "a.b", "--password", "Mat-khau-dai-du", "--role", "member", "--unit", "KHONG"]
    )
    assert result.exit_code != 0 and "Không có đơn vị" in result.output


def test_cli_token_prints_only_the_token_and_it_works(app, runner):
    result = runner.invoke(args=["users", "token", "member"])
    token = result.stdout.strip()
    assert result.exit_code == 0 and token.startswith("vp_") and "\n" not in token
    me = app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.get_json()["username"] == "member"


def test_password_hash_meets_asvs_in_default_and_production(app):
    from config import Config, ProductionConfig

    for cls in (Config, ProductionConfig):
        # OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1
        assert cls.PASSWORD_HASH_METHOD == "argon2id:m=19456,t=2,p=1"


def test_production_config_refuses_to_start_without_a_real_secret(monkeypatch):
    import pytest

    from portal import create_app

    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="PORTAL_SECRET_KEY"):
        create_app("production")
    monkeypatch.setenv("PORTAL_SECRET_KEY", "ngan")
    with pytest.raises(RuntimeError):
        create_app("production")


def test_vietnamese_error_pages(client, login_as):
    login_as("member")
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404 and "Không tìm thấy" in response.get_data(as_text=True)
    forbidden = client.get("/admin/users")
    assert forbidden.status_code == 403 and "Không có quyền truy cập" in forbidden.get_data(as_text=True)


def test_upload_over_the_limit_gets_413_in_vietnamese(app, client, login_as):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    login_as("admin")
    response = client.post("/admin/units", data={"code": "X" * 5000, "name": "y"})
    assert response.status_code == 413
    assert "vượt quá dung lượng" in response.get_data(as_text=True)


def test_navigation_marks_exactly_one_entry_as_current(client, login_as):
    import re

    login_as("secretariat")
    html = client.get("/reports/").get_data(as_text=True)
    current = re.findall(r'<a class="nav-link active" aria-current="page" href="([^"]+)"', html)
    assert current == ["/reports/"]


def test_make_serve_refuses_without_a_secret_key_in_one_clear_line():
    import os
    import subprocess
    import sys

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "scripts/check_production.py"], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "PORTAL_SECRET_KEY chưa được đặt" in result.stderr and "Traceback" not in result.stderr
