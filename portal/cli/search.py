"""flask search: query, reindex (rebuild beside and swap), check [--repair], worker."""

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from ..errors import PortalError
from .common import acting_user, emit_json, fail


@click.group("search")
def group():
    """Tìm kiếm toàn văn: truy vấn, xây lại chỉ mục, kiểm tra, tiến trình cập nhật."""


@group.command("query")
@click.argument("text")
@click.option("--limit", default=10, type=click.IntRange(1, 100))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--user", "username", default=None, help="Tìm với quyền của tài khoản này (mặc định: quản trị viên)")
@click.option("--sort", default="relevance", type=click.Choice(["relevance", "date_desc", "date_asc"]))
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def query(text, limit, offset, username, sort, as_json):
    """Tìm như một người dùng; --json in đúng dạng của API."""
    from portal.blueprints.links import with_urls
    from portal.services import searching

    try:
        result = searching.search(acting_user(username), text, {}, sort, limit, offset)
        with_urls(result["hits"])
    except PortalError as error:
        fail(error.message)
    if as_json:
        emit_json(result)
        return
    about = "khoảng " if result.get("total_exact") is False else ""
    click.echo(f"{about}{result['total']} kết quả")
    if result.get("suggestion"):
        click.echo(f"Có phải đồng chí muốn tìm: {result['suggestion']}?")
    for hit in result["hits"]:
        click.echo(f"{hit['score'] or 0:8.2f}  {hit['number'] or '':<16} {hit['title']}  ({hit['url']})")


@group.command("reindex")
@with_appcontext
def reindex():
    """Xây lại chỉ mục bên cạnh chỉ mục đang dùng rồi hoán đổi (tìm kiếm không bị gián đoạn)."""
    from ..search.service import rebuild_all

    report = rebuild_all(progress=lambda count: click.echo(f"  … {count} mục", err=True))
    click.echo(f"Đã xây lại: {report['documents']} mục.", err=True)


@group.command("check")
@click.option("--repair", is_flag=True, help="Sửa các khác biệt (đưa vào hàng đợi và áp dụng)")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def check(repair, as_json):
    """So sánh cơ sở dữ liệu với chỉ mục: thiếu, cũ, thừa, đang chờ."""
    from ..search.service import check as run_check

    report = run_check(repair=repair)
    if as_json:
        emit_json(report)
    else:
        click.echo(
            json.dumps({k: (len(v) if isinstance(v, list) else v) for k, v in report.items()}, ensure_ascii=False)
        )
    problems = len(report["missing"]) + len(report["stale"]) + len(report["orphaned"])
    raise SystemExit(1 if problems and not repair else 0)


@group.command("worker")
@click.option("--poll", default=2.0, type=float, help="Số giây giữa hai lần kiểm tra hàng đợi")
@click.option("--once", is_flag=True, help="Áp dụng các việc đang chờ rồi thoát")
@with_appcontext
def worker(poll, once):
    """Tiến trình cập nhật chỉ mục: «flask worker» chỉ chạy loại việc cập nhật chỉ mục."""
    from ..search.jobs import JOB_KIND
    from ..services import jobs

    app = current_app._get_current_object()
    if once:
        total = jobs.drain(app, [JOB_KIND], wait=10.0)
        click.echo(f"Đã áp dụng {total} việc.", err=True)
        return
    click.echo("Tiến trình cập nhật chỉ mục đang chạy (Ctrl+C để dừng).", err=True)
    jobs.Runner(app, name="search-worker", kinds=[JOB_KIND], poll=poll).run_forever()


@group.group("synonyms")
def synonyms_group():
    """Danh sách từ đồng nghĩa của Văn phòng (áp dụng ngay khi tìm kiếm, không cần xây lại chỉ mục)."""


@synonyms_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def synonyms_list(as_json):
    """In danh sách, mỗi mục một dòng (dạng dùng được cho `flask search synonyms set`)."""
    from ..services import synonyms

    rows = synonyms.entries()
    if as_json:
        emit_json([{"id": e.id, "text": e.text, "updated_at": e.updated_at, "updated_by": e.updated_by} for e in rows])
        return
    for entry in rows:
        click.echo(entry.text)


@synonyms_group.command("set")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--user", "username", default=None, help="Ghi nhật ký dưới tên tài khoản này (mặc định: quản trị viên)")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def synonyms_set(file, username, as_json):
    """Thay cả danh sách bằng các dòng của tệp (bỏ qua dòng trống và dòng “#”); lỗi một dòng thì không đổi gì."""
    from ..services import synonyms

    try:
        counts = synonyms.replace_all(file.read(), user=acting_user(username))
    except PortalError as error:
        fail(error.message)
    if as_json:
        emit_json(counts)
        return
    click.echo(
        "Đã cập nhật danh sách từ đồng nghĩa: thêm {added}, sửa {changed}, xóa {removed}; hiện có {total} mục.".format(
            total=counts["kept"] + counts["added"], **counts
        ),
        err=True,
    )
