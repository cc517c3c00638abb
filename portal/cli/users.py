"""flask users: create users, issue and revoke API tokens."""

import click
from flask.cli import with_appcontext

from portal.services import accounts

from ..models import ROLES
from .common import emit_json, fail, run_service


@click.group("users")
def group():
    """Tài khoản người dùng."""


@group.command("create")
@click.argument("username")
@click.option("--password", required=True, help="Mật khẩu (ít nhất 10 ký tự)")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
@click.option("--unit", default=None, help="Mã đơn vị")
@click.option("--name", default="", help="Họ và tên")
@click.option("--email", default=None)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def create(username, password, roles, unit, name, email, as_json):
    """Thêm một tài khoản với vai trò và đơn vị."""
    user = run_service(
        accounts.create_user, username, password, list(roles), unit_code=unit, full_name=name, email=email
    )
    if as_json:
        emit_json({"username": user.username, "roles": user.roles, "unit": user.unit.code if user.unit else None})
    else:
        click.echo(f"Đã tạo tài khoản {user.username} ({', '.join(user.roles)})")


def _user(username):
    """The account a token command is about (locked accounts too: their tokens can still be revoked)."""
    user = accounts.user_by_username(username)
    if user is None:
        fail(f"Không có tài khoản «{username}».")
    return user


@group.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="Mục đích của mã")
@with_appcontext
def token(username, name):
    """Cấp một mã API thu hồi được; in riêng mã ra stdout."""
    click.echo(accounts.issue_token(_user(username), name=name))


@group.command("revoke-tokens")
@click.argument("username")
@with_appcontext
def revoke_tokens(username):
    """Thu hồi mọi mã API của một tài khoản."""
    user = _user(username)
    run_service(accounts.revoke_tokens_of, user)
    click.echo(f"Đã thu hồi mọi mã API của {user.username}")


@group.command("reset-2fa")
@click.argument("username")
@with_appcontext
def reset_2fa(username):
    """Đặt lại xác thực hai lớp (mất điện thoại): thu hồi mã API, kết thúc các phiên đăng nhập."""
    user = _user(username)
    run_service(accounts.two_factor.reset, user)
    click.echo(f"Đã đặt lại xác thực hai lớp của {user.username}; người này đăng ký lại ở lần đăng nhập sau.")
