"""Routes of the plan area (thin: parse input, call one service, render or redirect)."""
from flask import flash, redirect, request, url_for
from flask_login import current_user

from ...errors import NotFound
from ...extensions import db
from ...models import Document
from ...models.plan import PlanTask
from ...security import permission_required
from ...services import plan as plan_service
from . import bp


def _back(default):
    """The local page to return to (a `next` field starting with one slash), else the default."""
    target = request.form.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.post("/documents/<int:document_id>/links")
@permission_required("links.create")
def link(document_id):
    """Link a document to a task (one click from the document page or the task page)."""
    document = db.session.get(Document, document_id)
    task = db.session.get(PlanTask, request.form.get("task_id", type=int) or 0)
    if task is None and request.form.get("task"):
        task = plan_service.task_by_code(request.form["task"], plan_service.get_plan(request.form.get("plan", type=int)))
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ cần gắn.")
    plan_service.link_document(document, task, request.form.get("relation"), current_user)
    flash(f"Đã gắn văn bản với nhiệm vụ {task.code}.", "success")
    return redirect(_back(url_for("plan.task", code=task.code, plan=task.plan_id)))


@bp.post("/links/<int:link_id>/delete")
@permission_required("links.create")
def unlink(link_id):
    """Remove a document-task link."""
    link_row = plan_service.get_link(link_id)
    code, plan_id = (link_row.task.code, link_row.task.plan_id) if link_row else (None, None)
    plan_service.unlink(link_row, current_user)
    flash(f"Đã bỏ gắn văn bản khỏi nhiệm vụ {code}.", "success")
    return redirect(_back(url_for("plan.task", code=code, plan=plan_id)))


@bp.get("/")
@bp.get("/<int:plan_id>")
@permission_required("plan.read")
def tree(plan_id=None):
    """The plan as a collapsible tree (placeholder until the tree page lands)."""
    plan = plan_service.get_plan(plan_id)
    return f"Kế hoạch: {plan.title}"


@bp.get("/tasks/<code>")
@permission_required("plan.read")
def task(code):
    """A task page (placeholder until the task page lands)."""
    item = plan_service.task_by_code(code, plan_service.get_plan(request.args.get("plan", type=int)))
    return f"Nhiệm vụ {item.code}"
