"""`flask worker`: a process that runs background jobs (index, mail, scheduled notices, OCR), as many as you like."""

import click
from flask import current_app
from flask.cli import with_appcontext

from ..services import jobs


@click.command("worker")
@click.option("--kind", "kinds", multiple=True, help="Chỉ chạy loại việc này (lặp lại được); mặc định: mọi loại.")
@click.option("--threads", default=1, type=click.IntRange(1, 16), help="Số luồng cho các việc chạy song song.")
@click.option("--poll", default=2.0, type=float, help="Số giây giữa hai lần xem hàng đợi khi rảnh.")
@click.option("--once", is_flag=True, help="Chạy các việc đã đến hạn rồi thoát.")
@with_appcontext
def group(kinds, threads, poll, once):
    """Chạy các việc nền: cập nhật chỉ mục, gửi thư, thông báo theo lịch, nhận dạng chữ (OCR).

    Chạy được nhiều tiến trình cùng lúc, trên một hay nhiều máy chủ: mỗi việc chỉ do một tiến trình nhận, việc ghi
    chỉ mục luôn chỉ một tiến trình làm tại một thời điểm. Tiến trình chết giữa chừng thì việc của nó được nhận lại
    sau thời hạn giữ việc.
    """
    app = current_app._get_current_object()
    known = {k.name for k in jobs.all_kinds()}
    unknown = [k for k in kinds if k not in known]
    if unknown:
        raise click.BadParameter(
            f"không có loại việc {', '.join(unknown)}; có: {', '.join(sorted(known))}", param_hint="--kind"
        )
    if once:
        ran = jobs.drain(app, list(kinds) or None, wait=10.0)
        click.echo(f"Đã chạy {ran} việc.", err=True)
        return
    click.echo("Tiến trình chạy việc nền đang chạy (Ctrl+C để dừng).", err=True)
    jobs.Runner(app, name="worker", kinds=list(kinds) or None, poll=poll, threads=threads).run_forever()
