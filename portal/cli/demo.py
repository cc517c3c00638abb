"""flask demo load: the demo data, idempotent."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..demo import DEMO_PASSWORD, load_all
from ..demo.org import logins
from ..models import ROLE_LABELS
from ..services import jobs


@click.group("demo")
def group():
    """Dữ liệu mẫu."""


@group.command("load")
@with_appcontext
def load():
    """Nạp dữ liệu mẫu (chạy lại không thêm trùng) và in các tài khoản mẫu."""
    load_all(lambda message: click.echo(message, err=True))
    jobs.drain(current_app._get_current_object(), wait=10.0)  # index, and the notices and mail of the demo
    click.echo(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
    for username, roles, name in logins():
        click.echo(f"  {username:<16} {name:<22} {', '.join(ROLE_LABELS[r] for r in roles)}")
