"""flask units: create and list units."""

import click
from flask.cli import with_appcontext

from portal.services.accounts import units as units_service

from .common import emit_json, run_service


@click.group("units")
def group():
    """Đơn vị: tạo và liệt kê."""


@group.command("create")
@click.argument("code")
@click.option("--name", required=True, help="Tên đơn vị")
@click.option(
    "--kind", default="branch", type=click.Choice(["office", "standing", "committee", "secretariat", "branch"])
)
@click.option("--parent", default=None, help="Mã đơn vị cấp trên")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def create(code, name, kind, parent, as_json):
    """Thêm một đơn vị."""
    unit = run_service(units_service.create_unit, code, name, kind, parent)
    if as_json:
        emit_json({"code": unit.code, "name": unit.name, "kind": unit.kind})
    else:
        click.echo(f"Đã tạo đơn vị {unit.code}: {unit.name}")


@group.command("list")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def list_units(as_json):
    """Liệt kê các đơn vị."""
    rows = [
        {"code": u.code, "name": u.name, "kind": u.kind, "parent": u.parent.code if u.parent else None}
        for u in units_service.all_units()
    ]
    if as_json:
        emit_json(rows)
    else:
        for row in rows:
            click.echo(f"{row['code']:<12} {row['kind']:<12} {row['name']}")
