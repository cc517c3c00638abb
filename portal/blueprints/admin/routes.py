"""Administration: users, roles, passwords, API tokens, units, and the audit log."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.services import accounts
from portal.services.accounts import directory, two_factor, units
from portal.services.ops import audit_log as audit_words

from ...errors import PortalError, ValidationFailed
from ...ids import page_value
from ...security import permission_required
from ..auth.guard import passed_second_factor
from .blueprint import bp
from .forms import AuditFilterForm, PasswordResetForm, UnitEditForm, UnitForm, UserForm

PER_PAGE = 50


def _unit_choices():
    return [("", "— Chọn đơn vị —")] + [(u.code, f"{u.name} ({u.kind_label})") for u in units.all_units()]


@bp.get("/users")
@permission_required("users.manage")
def users():
    """Users with filters by text, unit, role and state."""
    rows = directory.find_users(
        request.args.get("q", ""), request.args.get("unit"), request.args.get("role"), request.args.get("state")
    )
    return render_template("admin/users.html", users=rows, unit_list=units.all_units(), args=request.args)


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("users.manage")
def user_new():
    """Create a user."""
    form = UserForm()
    form.unit.choices = _unit_choices()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                form.username.data,
                form.password.data or "",
                form.roles.data,
                unit_code=form.unit.data,
                full_name=form.full_name.data,
                email=form.email.data or None,
                position=form.position.data or None,
                actor=current_user,
                must_change_password=True,
            )
        except PortalError as error:
            flash(error.message, "danger")
            return render_template("admin/user_form.html", form=form, user=None), error.status
        flash(f"Đã tạo tài khoản {user.username}.", "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("users.manage")
def user_edit(user_id):
    """Edit a user's unit, roles, details and state."""
    user = directory.get_user(user_id)
    form = UserForm(obj=user)
    form.unit.choices = _unit_choices()
    if request.method == "GET":
        form.unit.data = user.unit.code if user.unit else ""
        form.roles.data = user.roles
    if form.validate_on_submit():
        if user.id == current_user.id and (not form.is_active.data or "admin" not in form.roles.data):
            flash("Không thể tự khóa tài khoản hoặc tự bỏ quyền quản trị của chính mình.", "danger")
            return redirect(url_for("admin.user_edit", user_id=user.id))
        try:
            accounts.update_user(
                user,
                roles=form.roles.data,
                unit_code=form.unit.data,
                full_name=form.full_name.data,
                email=form.email.data,
                position=form.position.data,
                is_active=form.is_active.data,
                actor=current_user,
            )
        except PortalError as error:
            flash(error.message, "danger")
            return render_template("admin/user_form.html", **_edit_page(form, user)), error.status
        flash("Đã lưu thay đổi.", "success")
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", **_edit_page(form, user)), 400 if form.errors else 200


def _edit_page(form, user):
    """What the edit page shows beside the form: API tokens, the second factor, the password reset."""
    tokens = directory.tokens_of(user)
    return {
        "form": form,
        "user": user,
        "tokens": tokens,
        "reset": PasswordResetForm(),
        "two_factor_on": two_factor.is_enabled(user),
        "two_factor_required": two_factor.required_for(user),
        "can_issue_tokens": _may_issue_tokens(),
    }


def _may_issue_tokens():
    """API tokens are issued only from a session that passed the second factor (where the policy asks for one)."""
    actor = current_user._get_current_object()
    if passed_second_factor():
        return True
    return not two_factor.is_enabled(actor) and not two_factor.required_for(actor)


@bp.post("/users/<int:user_id>/password")
@permission_required("users.manage")
def user_password(user_id):
    """Reset a user's password; their sessions end."""
    user = directory.get_user(user_id)
    form = PasswordResetForm()
    if not form.validate_on_submit():
        flash("Vui lòng nhập mật khẩu mới.", "danger")
    else:
        try:
            accounts.set_password(user, form.password.data, actor=current_user, reason="reset")
            flash(f"Đã đặt lại mật khẩu cho {user.username}; các phiên đăng nhập của người này đã kết thúc.", "success")
        except PortalError as error:
            flash(error.message, "danger")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/tokens")
@permission_required("users.manage")
def token_issue(user_id):
    """Issue an API token, shown once."""
    user = directory.get_user(user_id)
    if not _may_issue_tokens():
        abort(403)  # the page explains it: tokens are issued only from a session that passed the second factor
    token = accounts.issue_token(user, name=request.form.get("name", "")[:100], actor=current_user)
    flash(f"Mã API mới (chỉ hiển thị một lần, hãy lưu lại): {token}", "warning")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/users/<int:user_id>/two-factor/reset")
@permission_required("users.manage")
def two_factor_reset(user_id):
    """Reset a user's second factor (lost phone): their API tokens are revoked and their sessions end (audited)."""
    user = directory.get_user(user_id)
    two_factor.reset(user, actor=current_user)
    flash(
        f"Đã đặt lại xác thực hai lớp của {user.username}: mã API đã bị thu hồi, người này đăng ký lại ở lần đăng nhập sau.",
        "success",
    )
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.post("/tokens/<int:token_id>/revoke")
@permission_required("users.manage")
def token_revoke(token_id):
    """Revoke an API token."""
    row = directory.get_token(token_id)
    accounts.revoke_token(row.id, actor=current_user)
    flash("Đã thu hồi mã API.", "success")
    return redirect(url_for("admin.user_edit", user_id=row.user_id))


@bp.route("/units", methods=["GET", "POST"])
@permission_required("units.manage")
def units_page():
    """List and add units."""
    form = UnitForm()
    form.parent.choices = [("", "—")] + [(u.code, u.name) for u in units.all_units()]
    if form.validate_on_submit():
        try:
            units.create_unit(
                form.code.data, form.name.data, form.kind.data, form.parent.data or None, actor=current_user
            )
            flash("Đã thêm đơn vị.", "success")
            return redirect(url_for("admin.units_page"))
        except PortalError as error:
            flash(error.message, "danger")
    counts = directory.users_per_unit()
    return render_template("admin/units.html", units=units.all_units(), form=form, counts=counts)


def _audit_filters():
    """(form, filters): the filter form read from the address and the service's filters, None when the form is
    not valid (its errors are shown beside the fields, with what was typed)."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", "Mọi hành động")] + audit_words.action_choices()
    if request.args and not form.validate():
        return form, None
    filters = audit_words.AuditFilters(
        action=form.action.data or "",
        username=(form.username.data or "").strip(),
        q=(form.q.data or "").strip(),
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )
    return form, filters


@bp.route("/units/<code>/edit", methods=["GET", "POST"])
@permission_required("units.manage")
def unit_edit(code):
    """Rename or correct a unit; on an error the form comes back as typed."""
    unit = units.unit_by_code(code)
    if unit is None:
        abort(404)
    form = UnitEditForm(obj=unit, parent=unit.parent.code if unit.parent else "")
    form.parent.choices = [("", "—")] + [(u.code, u.name) for u in units.all_units() if u.id != unit.id]
    status = 200
    if form.validate_on_submit():
        try:
            units.update_unit(
                unit.code,
                name=form.name.data,
                kind=form.kind.data,
                parent_code=form.parent.data or None,
                is_active=form.is_active.data,
                actor=current_user,
            )
            flash("Đã lưu đơn vị.", "success")
            return redirect(url_for("admin.units_page"))
        except PortalError as error:
            form.name.errors = [error.message]
            status = error.status
    elif form.is_submitted():
        status = 400
    return render_template("admin/unit_edit.html", unit=unit, form=form), status


@bp.get("/audit")
@permission_required("audit.read")
def audit():
    """The audit log in words: filters (with a date range in Vietnam time), before/after lists, exports."""
    form, filters = _audit_filters()
    events, total, pages, page = [], 0, 0, page_value(request.args.get("page"))
    status = 400
    if filters is not None:
        try:
            events, total, pages = audit_words.search_events(filters, page)
            status = 200
        except ValidationFailed as error:
            form.date_to.errors = [error.message]
    args = {k: v for k, v in request.args.items() if k != "page"}
    page_html = render_template(
        "admin/audit.html", events=events, total=total, page=page, pages=pages, form=form, filters=args
    )
    return page_html, status


@bp.get("/audit.<fmt>")
@permission_required("audit.read")
def audit_export(fmt):
    """The filtered audit log as XLSX or CSV (the same words as the page)."""
    form, filters = _audit_filters()
    if filters is None:
        raise ValidationFailed("Bộ lọc chưa hợp lệ: " + "; ".join(e[0] for e in form.errors.values()))
    body, mimetype, ext = audit_words.export(filters, fmt)
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename=nhat-ky.{ext}"})


@bp.get("/jobs")
@permission_required("jobs.manage")
def jobs_page():
    """Background jobs: what waits, what runs, and the failed ones with their last error and a retry button."""
    from portal.services import jobs

    failed = [(job, jobs.label(job.kind)) for job in jobs.failed_jobs()]
    stuck = [(job, jobs.label(job.kind)) for job in jobs.stuck_jobs()]
    return render_template(
        "admin/jobs.html", counts=jobs.counts(), by_kind=jobs.counts_by_kind(), failed=failed, stuck=stuck
    )


@bp.post("/jobs/<int:job_id>/retry")
@permission_required("jobs.manage")
def job_retry(job_id):
    """Put a failed job back in the queue (audited)."""
    from portal.services import jobs

    try:
        job = jobs.retry(job_id, current_user)
    except PortalError as error:
        flash(error.message, "danger")
        return redirect(url_for("admin.jobs_page"))
    flash(f"Đã đưa việc #{job.id} ({jobs.label(job.kind)}) trở lại hàng đợi.", "success")
    return redirect(url_for("admin.jobs_page"))


@bp.post("/jobs/<int:job_id>/discard")
@permission_required("jobs.manage")
def job_discard(job_id):
    """Delete a failed job for good (audited, with what it was)."""
    from portal.services import jobs

    try:
        kept = jobs.discard(job_id, current_user)
    except PortalError as error:
        flash(error.message, "danger")
        return redirect(url_for("admin.jobs_page"))
    flash(f"Đã bỏ việc #{job_id} ({jobs.label(kept['kind'])}).", "success")
    return redirect(url_for("admin.jobs_page"))
