"""One rule in one place for the register: unit by code (case-insensitive), active branches, the acting user."""

import pytest

from portal.errors import NotFound, ValidationFailed
from portal.extensions import db
from portal.services import accounts
from portal.services.accounts import units


def test_unit_by_code_ignores_case_and_spaces(app):
    assert units.unit_by_code(" cb-a ").code == "CB-A"
    assert units.unit_by_code("Cb-B").code == "CB-B"
    assert units.unit_by_code("") is None and units.unit_by_code(None) is None and units.unit_by_code("KHONG") is None


def test_units_by_codes_keeps_order_and_names_every_unknown_code(app):
    assert [u.code for u in units.units_by_codes(["cb-b", "CB-A", "cb-b"])] == ["CB-B", "CB-A"]
    with pytest.raises(ValidationFailed) as refused:
        units.units_by_codes(["CB-A", "x1", "x2"])
    assert refused.value.message == "Không có đơn vị mã “X1”, “X2”."


def test_the_same_lookup_serves_users_reports_and_search(app, users):
    user = accounts.create_user("thu.ky", "Mat-khau-thu-nghiem-2026", ["member"], unit_code="cb-a")
    assert user.unit.code == "CB-A"
    from portal.services.searching import read_args

    assert read_args({"unit": "cb-b"})[1]["unit"] == str(units.unit_by_code("CB-B").id)


def test_active_branches_are_the_active_chi_bo_in_code_order(app):
    assert [u.code for u in units.active_branches()] == ["CB-A", "CB-B"]
    created = units.create_unit("CB-0", "Chi bộ mới", "branch", "DUVP")
    units.unit_by_code("CB-B").is_active = False
    db.session.commit()
    assert [u.code for u in units.active_branches()] == ["CB-0", "CB-A"]
    assert created in units.active_branches()
    from portal.services.plan import common

    assert not hasattr(common, "branch_units")  # the plan's own copy of the rule is gone


def test_acting_user_is_the_named_active_account_or_the_first_active_admin(app, users):
    assert accounts.acting_user("Member").username == "member"
    assert accounts.acting_user().username == "admin"
    users["member"].is_active = False
    db.session.commit()
    with pytest.raises(NotFound, match="đang khóa"):
        accounts.acting_user("member")
    with pytest.raises(NotFound, match="Không có tài khoản “nobody”"):
        accounts.acting_user("nobody")
    users["admin"].is_active = False
    db.session.commit()
    with pytest.raises(NotFound, match="Chưa có tài khoản quản trị đang hoạt động"):
        accounts.acting_user()


def test_every_command_refuses_a_locked_acting_user(app, runner, users):
    """search query had no is_active check; documents import, plan import and search query now share one rule."""
    users["member"].is_active = False
    db.session.commit()
    for args in (
        ["search", "query", "cải cách", "--user", "member"],
        ["plan", "import", "/dev/null", "--user", "member"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code != 0 and "đang khóa" in result.output, (args, result.output)


def test_cli_revoke_tokens_goes_through_the_service_and_is_audited(app, runner, users):
    from sqlalchemy import select

    from portal.models import AuditEvent

    token = runner.invoke(args=["users", "token", "member"]).stdout.strip()
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    users["member"].is_active = False  # a locked account's tokens can still be revoked
    db.session.commit()
    result = runner.invoke(args=["users", "revoke-tokens", "member"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "token.revoke_all"))
    assert event.ip == "cli" and event.object_id == str(users["member"].id)
    users["member"].is_active = True
    db.session.commit()
    assert app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
