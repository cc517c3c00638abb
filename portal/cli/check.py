"""`flask check [--repair] [--json]`: files, checksums, database against index, pending index jobs."""

import sys

import click
from flask.cli import with_appcontext

from portal.services.ops import integrity

from .common import emit_json


@click.command("check")
@click.option("--repair", is_flag=True, help="Sửa những gì sửa được (chỉ mục, cách ly tệp mồ côi); không xóa gì.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON ra stdout.")
@click.option(
    "--grace",
    type=int,
    default=None,
    help="Bỏ qua tệp mồ côi mới ghi dưới số giây này (có thể đang tải lên); mặc định 600.",
)
@with_appcontext
def group(repair, as_json, grace):
    """Kiểm tra tệp (SHA-256), tệp thiếu/mồ côi, cơ sở dữ liệu so với chỉ mục, việc chỉ mục đang chờ."""
    report = integrity.check(repair=repair, grace_seconds=grace)
    if as_json:
        emit_json(report)
    else:
        _print_text(report)
    sys.exit(1 if report["problems"] else 0)


def _print_text(report):
    """Human-readable summary (stdout) of repairs and remaining problems."""
    for item in report["repaired"]:
        click.echo(f"Đã sửa [{item['code']}]: {item['message']}")
    for item in report["problems"]:
        tail = "" if item["repairable"] else " (không tự sửa được)"
        click.echo(f"Lỗi [{item['code']}]: {item['message']}{tail}")
    if not report["problems"]:
        click.echo("Không phát hiện vấn đề nào.")
    else:
        click.echo(f"Còn {len(report['problems'])} vấn đề.", err=True)
