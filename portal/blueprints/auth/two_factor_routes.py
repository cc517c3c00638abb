"""The second factor: the code after the password, enrolment with a QR code, recovery codes, turning it off."""

import time

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user

from portal.services import accounts
from portal.services.accounts import two_factor
from portal.web import client_ip

from ...errors import ValidationFailed
from ...security import login_required
from .blueprint import bp
from .forms import CodeForm
from .guard import SECOND_FACTOR_PASSED, passed_second_factor
from .routes import PENDING, PENDING_SECONDS

ENROLLING = "totp_pending"  # session key: the sealed secret shown as a QR code, until the first code proves it
THROTTLED = "Nhập sai quá nhiều lần. Tài khoản tạm khóa, vui lòng thử lại sau 15 phút."


def _pending_user():
    """The user whose password was right in this session in the last five minutes, else None."""
    pending = session.get(PENDING) or {}
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return accounts.load_session_user(pending.get("user") or "")


@bp.route("/two-factor", methods=["GET", "POST"], endpoint="two_factor")
def two_factor_challenge():
    """After the password: a code from the authenticator app, or one recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(PENDING, None)
        flash("Phiên đăng nhập đã hết hạn. Vui lòng nhập lại mật khẩu.", "warning")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if accounts.throttled(user.username, client_ip()):
            flash(THROTTLED, "danger")
            return render_template("auth/two_factor.html", form=form), 429
        kind = two_factor.verify(user, form.code.data, client_ip())
        if kind is None:
            flash("Mã xác thực không đúng hoặc đã được dùng.", "danger")
            return render_template("auth/two_factor.html", form=form), 401
        target = session[PENDING].get("next")
        session.clear()
        session.permanent = True
        login_user(user)
        session[SECOND_FACTOR_PASSED] = True
        if kind == "recovery":
            left = two_factor.recovery_codes_left(user)
            flash(f"Đồng chí đã dùng một mã khôi phục; còn {left} mã. Nên tạo bộ mã mới.", "warning")
        return redirect(target or url_for("main.home"))
    return render_template("auth/two_factor.html", form=form), 400 if form.errors else 200


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Enrol an authenticator app: scan the QR code drawn here, type the code it shows, keep the recovery codes."""
    user = current_user._get_current_object()
    if two_factor.is_enabled(user):
        return redirect(url_for("auth.security"))
    sealed = session.get(ENROLLING)
    secret = two_factor.unseal(sealed) if sealed else None
    if secret is None:
        secret = two_factor.new_secret()
        session[ENROLLING] = sealed = two_factor.seal(secret)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.enable(user, sealed, form.code.data)
        except ValidationFailed as error:
            flash(error.message, "danger")
        else:
            session.pop(ENROLLING, None)
            session[SECOND_FACTOR_PASSED] = True
            flash("Đã bật xác thực hai lớp.", "success")
            return render_template("auth/recovery_codes.html", codes=codes)
    uri, qr, grouped = two_factor.provisioning(user, secret)
    required = two_factor.required_for(user)
    status = 400 if form.errors or form.is_submitted() else 200
    return render_template(
        "auth/two_factor_setup.html", form=form, qr=qr, uri=uri, secret=grouped, required=required
    ), status


@bp.get("/security")
@login_required
def security():
    """The account's sign-in protection: second factor state, recovery codes left."""
    user = current_user._get_current_object()
    enabled = two_factor.is_enabled(user)
    return render_template(
        "auth/security.html",
        enabled=enabled,
        required=two_factor.required_for(user),
        codes_left=two_factor.recovery_codes_left(user) if enabled else 0,
        form=CodeForm(),
    )


@bp.post("/two-factor/recovery-codes")
@login_required
def recovery_codes():
    """Ten new recovery codes (the old ones stop working), shown once."""
    user = current_user._get_current_object()
    if not two_factor.is_enabled(user) or not passed_second_factor():
        abort(403)
    return render_template("auth/recovery_codes.html", codes=two_factor.regenerate_recovery_codes(user))


@bp.post("/two-factor/disable")
@login_required
def two_factor_disable():
    """Turn off an opted-in second factor, with a current code."""
    user = current_user._get_current_object()
    form = CodeForm()
    if not two_factor.is_enabled(user) or not form.validate_on_submit():
        abort(400)
    if accounts.throttled(user.username, client_ip()):
        flash(THROTTLED, "danger")
        return redirect(url_for("auth.security"))
    try:
        two_factor.disable(user, form.code.data, client_ip())
    except ValidationFailed as error:
        flash(error.message, "danger")
    else:
        session.pop(SECOND_FACTOR_PASSED, None)
        flash("Đã tắt xác thực hai lớp.", "success")
    return redirect(url_for("auth.security"))
