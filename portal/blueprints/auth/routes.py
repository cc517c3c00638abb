"""Sign in, sign out and change password."""

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from portal.services import accounts
from portal.services.accounts import two_factor
from portal.web import client_ip

from ...errors import ValidationFailed
from ...security import login_required
from ...web import safe_next
from .blueprint import bp
from .forms import LoginForm, PasswordForm
from .guard import SECOND_FACTOR_PASSED, passed_second_factor

PENDING = "pending_2fa"  # session key: the user whose password was right, waiting for the code
PENDING_SECONDS = 300


@bp.route("/login", methods=["GET", "POST"])
def login():
    """The login page; throttled per account and per address through the database."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        if accounts.throttled(username, client_ip()):
            flash("Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa, vui lòng thử lại sau 15 phút.", "danger")
            return render_template("auth/login.html", form=form), 429
        user = accounts.authenticate(username, form.password.data, client_ip())
        if user is None:
            flash("Tên đăng nhập hoặc mật khẩu không đúng.", "danger")
            return render_template("auth/login.html", form=form), 401
        session.clear()
        session.permanent = True
        target = safe_next(request.args.get("next"))
        if two_factor.is_enabled(user):
            # The password is right; the session becomes signed in only after the code (auth.two_factor).
            session[PENDING] = {"user": user.get_id(), "at": time.time(), "next": target}
            return redirect(url_for("auth.two_factor"))
        login_user(user)
        return redirect(target or url_for("main.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    """End every session of this user on the server, then clear the cookie."""
    accounts.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("Đồng chí đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; every other session ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not accounts.verify_password(user, form.current.data):
            flash("Mật khẩu hiện tại không đúng.", "danger")
            return render_template("auth/password.html", form=form), 400
        try:
            accounts.set_password(user, form.new.data)
        except ValidationFailed as error:
            flash(error.message, "danger")
            return render_template("auth/password.html", form=form), 400
        passed = passed_second_factor()
        session.clear()
        login_user(user)
        if passed:
            session[SECOND_FACTOR_PASSED] = True
        flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.", "success")
        return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)
