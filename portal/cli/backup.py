"""`flask backup create PATH` / `flask backup restore PATH [--force]`: consistent snapshot, and rebuild from one."""

import sys

import click
from flask.cli import with_appcontext

from portal.services.ops import backup

from .common import emit_json, run_service


@click.group("backup")
def group():
    """Sao lưu và khôi phục: cơ sở dữ liệu, tệp gốc (kèm mã SHA-256), thiết lập chỉ mục."""


@group.command("create")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="In tóm tắt dạng JSON ra stdout.")
@with_appcontext
def create(path, as_json):
    """Tạo bản sao lưu nhất quán khi cổng vẫn chạy (thư mục, hoặc tệp .tar nếu PATH kết thúc bằng .tar)."""
    manifest = run_service(backup.create, path)
    summary = {
        "path": path,
        "dialect": manifest["dialect"],
        "files": len(manifest["files"]),
        "missing": manifest["missing"],
        "corrupt": manifest["corrupt"],
    }
    if as_json:
        emit_json(summary)
    else:
        click.echo(
            f"Đã sao lưu vào {path}: cơ sở dữ liệu ({manifest['dialect']}) và {len(manifest['files'])} tệp.", err=True
        )
    if manifest["missing"] or manifest["corrupt"]:
        click.echo(
            f"Cảnh báo: {len(manifest['missing'])} tệp bị thiếu và {len(manifest['corrupt'])} tệp sai mã kiểm tra "
            "trong kho lúc sao lưu; chạy «flask check» để xem chi tiết.",
            err=True,
        )
        sys.exit(1)


@group.command("restore")
@click.argument("path")
@click.option("--force", is_flag=True, help="Ghi đè cổng thông tin đã có dữ liệu.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả kiểm tra sau khôi phục dạng JSON ra stdout.")
@with_appcontext
def restore(path, force, as_json):
    """Khôi phục từ bản sao lưu: kiểm tra mã SHA-256, khôi phục CSDL và tệp, dựng lại chỉ mục, rồi kiểm tra."""
    report = run_service(backup.restore, path, force=force)
    if as_json:
        emit_json(report)
    elif report["problems"]:
        click.echo(f"Đã khôi phục nhưng còn {len(report['problems'])} vấn đề; chạy «flask check».", err=True)
    else:
        click.echo(f"Đã khôi phục từ {path}; kiểm tra không phát hiện vấn đề nào.", err=True)
    sys.exit(1 if report["problems"] else 0)
