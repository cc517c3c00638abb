"""Routes of the plan area: the tree, a task, gaps, coverage, links (thin: parse, call one service, render)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import documents
from portal.services import plan as plan_service
from portal.services.accounts import units as units_service

from ...errors import NotFound, ValidationFailed
from ...ids import id_value
from ...models.plan import RELATIONS, TASK_UNIT_ROLES
from ...security import has_permission, permission_required
from ...web import safe_next
from .blueprint import bp
from .forms import SixRoForm


def _back(default):
    """The local page to return to (a `next` field starting with one slash), else the default."""
    return safe_next(request.form.get("next")) or default


def _plan_from_args():
    """The plan chosen by ?plan= (default: the latest)."""
    return plan_service.get_plan(request.args.get("plan", type=id_value))


@bp.get("/")
@bp.get("/<int:plan_id>")
@permission_required("plan.read")
def tree(plan_id=None):
    """The plan as a collapsible tree: areas, tasks with their 6 rõ, targets, section III assignments."""
    plan = plan_service.get_plan(plan_id)
    return render_template("plan/tree.html", t=plan_service.tree(plan, current_user), plans=plan_service.all_plans())


def _task_page(item, form=None, roles=None, status=200):
    """A task's page; the 6 rõ form shows what was typed (and its errors) when it comes back from a refusal."""
    editable = has_permission(current_user, "plan.edit")
    if form is None:
        form = SixRoForm(
            formdata=None,
            deadline=item.deadline,
            periodicity=item.periodicity,
            product=item.product,
            authority=item.authority,
        )
    return render_template(
        "plan/task.html",
        task=item,
        plan=item.plan,
        status=plan_service.six_ro_status(item),
        links=plan_service.task_documents(item, current_user),
        suggestions=plan_service.suggest_documents_for_task(item, current_user, 5),
        reports=plan_service.task_period_reports(item, current_user),
        relations=RELATIONS,
        editable=editable,
        roles=TASK_UNIT_ROLES,
        can_link=has_permission(current_user, "links.create"),
        units=units_service.all_units() if editable else [],
        current_roles=roles if roles is not None else {r.unit_id: r.role for r in item.unit_rows},
        form=form,
    ), status


@bp.get("/tasks/<code>")
@permission_required("plan.read")
def task(code):
    """A task: its 6 rõ (editable by the secretariat), linked and suggested documents, period reports."""
    return _task_page(plan_service.task_by_code(code, _plan_from_args()))


@bp.post("/tasks/<code>/edit")
@permission_required("plan.edit")
def edit_task(code):
    """Save the 6 rõ of a task; on an error the form comes back with what was typed and the error beside its field."""
    item = plan_service.task_by_code(code, _plan_from_args())
    form = SixRoForm()
    units = [(key.split("_", 1)[1], role) for key, role in request.form.items() if key.startswith("unit_") and role]
    typed_roles = {int(uid): role for uid, role in units if uid.isdigit()}
    if not form.validate_on_submit():
        return _task_page(item, form, typed_roles, 400)
    fields = {
        "deadline": form.deadline.data,
        "periodicity": form.periodicity.data or "",
        "product": form.product.data or "",
        "authority": form.authority.data or "",
    }
    try:
        plan_service.update_task(item, {**fields, "units": units}, current_user)
    except ValidationFailed as error:
        form.deadline.errors = [error.message]
        return _task_page(item, form, typed_roles, error.status)
    flash(f"Đã lưu “6 rõ” của nhiệm vụ {item.code}.", "success")
    return redirect(url_for("plan.task", code=item.code, plan=item.plan_id))


@bp.get("/gaps")
@bp.get("/<int:plan_id>/gaps")
@permission_required("plan.read")
def gaps(plan_id=None):
    """Plan-wide 6 rõ gaps: which tasks miss which of the six."""
    plan = plan_service.get_plan(plan_id)
    return render_template("plan/gaps.html", plan=plan, gaps=plan_service.plan_gaps(plan))


@bp.get("/coverage")
@bp.get("/<int:plan_id>/coverage")
@permission_required("plan.read")
def coverage(plan_id=None):
    """Tasks × chi bộ matrix of linked reports and evidence, and the tasks with none yet."""
    plan = plan_service.get_plan(plan_id)
    return render_template(
        "plan/coverage.html",
        plan=plan,
        matrix=plan_service.coverage_matrix(plan, current_user),
        bare=plan_service.tasks_without_evidence(plan, current_user),
    )


@bp.post("/documents/<int:document_id>/links")
@permission_required("links.create")
def link(document_id):
    """Link a document to a task (one click from the document page or the task page)."""
    document = documents.live_document(document_id)
    task_row = plan_service.get_task(request.form.get("task_id", type=id_value))
    if task_row is None and request.form.get("task"):
        task_row = plan_service.task_by_code(
            request.form["task"], plan_service.get_plan(request.form.get("plan", type=id_value))
        )
    if task_row is None:
        raise NotFound("Không tìm thấy nhiệm vụ cần gắn.")
    plan_service.link_document(document, task_row, request.form.get("relation"), current_user)
    flash(f"Đã gắn văn bản với nhiệm vụ {task_row.code}.", "success")
    return redirect(_back(url_for("plan.task", code=task_row.code, plan=task_row.plan_id)))


@bp.post("/links/<int:link_id>/delete")
@permission_required("links.create")
def unlink(link_id):
    """Remove a document-task link."""
    link_row = plan_service.get_link(link_id)
    code, plan_id = (link_row.task.code, link_row.task.plan_id) if link_row else (None, None)
    plan_service.unlink(link_row, current_user)
    flash(f"Đã bỏ gắn văn bản khỏi nhiệm vụ {code}.", "success")
    return redirect(_back(url_for("plan.task", code=code, plan=plan_id)))


from . import targets  # noqa: E402,F401
