"""flask plan import / suggest: the plan as data from the command line (shapes in docs/INTERFACES.md)."""

import click
from flask.cli import with_appcontext

from .common import acting_user, emit_json, fail, run_service


@click.group("plan")
def group():
    """Kế hoạch: nhập kế hoạch và gợi ý nhiệm vụ."""


@group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", help="Người nhập (mặc định: quản trị viên đầu tiên).")
@click.option("--visibility", type=click.Choice(["all", "units", "leadership"]), default="all", show_default=True)
@click.option("--prefill/--no-prefill", default=True, help="Điền sẵn 6 rõ theo mục III của kế hoạch.")
@click.option("--json", "as_json", is_flag=True, help="In cấu trúc kế hoạch dạng JSON.")
@with_appcontext
def import_command(path, username, visibility, prefill, as_json):
    """Nhập một tệp kế hoạch (loại ke_hoach) và phân tích thành lĩnh vực, nhiệm vụ, chỉ tiêu, phân công."""
    from portal.services import plan as plan_service

    user = acting_user(username)
    plan, status = run_service(plan_service.import_plan_file, path, user, visibility=visibility)
    if prefill:
        run_service(plan_service.prefill_six_ro, plan, user)
    data = plan_service.import_dict(plan)
    if as_json:
        emit_json(data)
        return
    tasks = sum(len(a["tasks"]) for a in data["areas"])
    targets = sum(len(a["targets"]) for a in data["areas"])
    click.echo(
        f"Kế hoạch #{plan.id} (văn bản #{plan.document_id}, {status}): {len(data['areas'])} lĩnh vực, "
        f"{tasks} nhiệm vụ, {targets} chỉ tiêu, {len(data['assignments'])} phân công."
    )


@group.command("suggest")
@click.option("--text", "text", help="Đoạn văn bản cần gợi ý nhiệm vụ.")
@click.option("--document", "document_id", type=int, help="Mã văn bản trong cổng.")
@click.option("--plan", "plan_id", type=int, help="Mã kế hoạch (mặc định: kế hoạch mới nhất).")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def suggest_command(text, document_id, plan_id, limit, as_json):
    """Xếp hạng nhiệm vụ và chỉ tiêu của kế hoạch theo mức tương đồng với một đoạn văn hoặc một văn bản."""
    from portal.services import plan as plan_service

    if bool(text) == bool(document_id):
        fail("Cần đúng một trong hai: --text hoặc --document.")
    if document_id:
        from portal.services import documents

        document = documents.live_document(document_id)
        if document is None:
            fail(f"Không tìm thấy văn bản #{document_id}.")
        text = document.text or document.title
    plan = run_service(plan_service.get_plan, plan_id)
    ranked = run_service(plan_service.suggest_codes, text, plan, limit)
    if as_json:
        emit_json(ranked)
        return
    for row in ranked:
        click.echo(f"{row['code']:<10} {row['score']:>8.3f}  {row['text'][:100]}")
