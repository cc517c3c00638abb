"""Periods: the list, opening and closing, a period's slots, monitoring (matrix, overdue, due soon), exports."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.clock import today_local
from portal.services import reporting
from portal.services.accounts.units import active_branches
from portal.services.plan.common import latest_plan
from portal.services.reporting import exports

from ...errors import ValidationFailed
from ...models import PERIOD_KINDS, SLOT_STATUSES
from ...security import has_permission, permission_required
from .blueprint import bp
from .forms import PeriodForm


@bp.get("/")
@permission_required("reports.view_own")
def index():
    """The periods the user may see, with status counts and (for a secretary) the own slot."""
    return render_template(
        "reports/index.html", rows=reporting.period_rows(current_user), kinds=PERIOD_KINDS, statuses=SLOT_STATUSES
    )


def _period_form(plan=None, **kwargs):
    """The period form with its choices: branches (all ticked for a new period), the plan's tasks and targets."""
    form = PeriodForm(**kwargs)
    units = active_branches()
    form.units.choices = [(u.code, u.name) for u in units]
    form.tasks.choices = [(t.code, t.code) for area in (plan.areas if plan else []) for t in area.tasks]
    form.targets.choices = [(t.code, t.code) for area in (plan.areas if plan else []) for t in area.targets]
    if request.method == "GET" and not form.units.data:
        form.units.data = [u.code for u in units]
    return form


def _render_period_form(form, plan, period=None, status=200):
    return render_template("reports/period_form.html", form=form, plan=plan, period=period), status


@bp.route("/periods/new", methods=["GET", "POST"])
@permission_required("reports.manage")
def new_period():
    """Open a period with its units, tasks and targets; on an error every field keeps what was typed."""
    plan = latest_plan()
    form = _period_form(plan)
    if not form.validate_on_submit():
        return _render_period_form(form, plan, status=400 if form.is_submitted() else 200)
    try:
        period = reporting.open_period(
            current_user,
            title=form.title.data,
            kind=form.kind.data,
            deadline=form.deadline.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            unit_codes=form.units.data,
            task_codes=form.tasks.data,
            target_codes=form.targets.data,
            instructions=form.instructions.data,
        )
    except ValidationFailed as error:
        form.title.errors = [*form.title.errors, error.message]
        return _render_period_form(form, plan, status=error.status)
    flash(f"Đã mở đợt báo cáo “{period.title}”.", "success")
    return redirect(url_for("reports.period", period_id=period.id))


@bp.route("/periods/<int:period_id>/edit", methods=["GET", "POST"])
@permission_required("reports.manage")
def edit_period(period_id):
    """Correct a period's title, kind, dates and instructions."""
    period = reporting.get_period(period_id, current_user)
    form = _period_form(None, obj=period)
    if not form.validate_on_submit():
        return _render_period_form(form, None, period, status=400 if form.is_submitted() else 200)
    try:
        reporting.update_period(
            period_id,
            current_user,
            title=form.title.data,
            kind=form.kind.data,
            deadline=form.deadline.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            instructions=form.instructions.data,
        )
    except ValidationFailed as error:
        form.title.errors = [*form.title.errors, error.message]
        return _render_period_form(form, None, period, status=error.status)
    flash("Đã lưu đợt báo cáo.", "success")
    return redirect(url_for("reports.period", period_id=period_id))


@bp.get("/periods/<int:period_id>")
@permission_required("reports.view_own")
def period(period_id):
    """A period: its slots (those the user may see), counts, and the secretariat's actions."""
    period = reporting.get_period(period_id, current_user)
    slots = reporting.visible_slots(period, current_user)
    links = reporting.link_counts(slots)
    return render_template(
        "reports/period.html",
        period=period,
        slots=slots,
        statuses=SLOT_STATUSES,
        counts=reporting.status_counts(period, slots),
        kinds=PERIOD_KINDS,
        tasks=reporting.asked_tasks(period),
        targets=reporting.asked_targets(period),
        latest=reporting.latest_submission,
        link_count=lambda slot: links.get(slot.id, 0),
        manage=has_permission(current_user, "reports.manage"),
    )


@bp.post("/periods/<int:period_id>/remind")
@permission_required("reports.manage")
def remind(period_id):
    """Notify the branch secretaries of the slots still owing a report."""
    count = reporting.send_reminders(period_id, current_user)
    flash(f"Đã gửi nhắc nhở tới {count} đồng chí bí thư chi bộ.", "success")
    return redirect(url_for("reports.period", period_id=period_id))


@bp.post("/periods/<int:period_id>/close")
@permission_required("reports.manage")
def close(period_id):
    """Close (or reopen, with reopen=1) a period."""
    reopen = request.form.get("reopen") == "1"
    reporting.close_period(period_id, current_user, reopen=reopen)
    flash("Đã mở lại đợt báo cáo." if reopen else "Đã kết thúc đợt báo cáo.", "success")
    return redirect(url_for("reports.period", period_id=period_id))


@bp.get("/monitor")
@permission_required("reports.view_own")
def monitor():
    """Units × periods coloured by status, overdue and due-soon lists."""
    today = today_local()
    return render_template(
        "reports/monitor.html",
        data=reporting.matrix(current_user),
        statuses=SLOT_STATUSES,
        overdue=reporting.overdue_slots(current_user, today),
        due_soon=reporting.due_soon_slots(current_user, today, current_app.config["DUE_SOON_DAYS"]),
    )


@bp.get("/monitor.<fmt>")
@permission_required("reports.view_own")
def monitor_export(fmt):
    """The matrix as XLSX or CSV (UTF-8 with BOM)."""
    data = reporting.matrix(current_user)
    if fmt == "xlsx":
        body, mime = exports.matrix_xlsx(data), exports.XLSX_MIME
    elif fmt == "csv":
        body, mime = exports.matrix_csv(data), exports.CSV_MIME
    else:
        return render_template(
            "errors/error.html",
            status=404,
            title="Không tìm thấy",
            message="Định dạng xuất không được hỗ trợ (chỉ xlsx, csv).",
        ), 404
    return _download(body, mime, f"tinh-hinh-nop-bao-cao.{fmt}")


def _download(body, mime, filename):
    """An attachment response."""
    return Response(body, mimetype=mime, headers={"Content-Disposition": f"attachment; filename={filename}"})
