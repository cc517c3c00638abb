"""Home page per role, notifications, and a health check."""

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user

from ...security import login_required
from ...services import notifications as notification_service
from ...services.ops.health import ping
from ..links import notification_url
from .blueprint import bp
from .panels import panels_for


@bp.get("/")
@login_required
def home():
    """What needs this user's attention, by role."""
    return render_template("main/home.html", panels=panels_for(current_user))


@bp.get("/notifications")
@login_required
def notifications():
    """The user's notifications, newest first."""
    items = [(n, notification_url(n)) for n in notification_service.recent_for(current_user)]
    return render_template("main/notifications.html", items=items)


@bp.post("/notifications/read")
@login_required
def notifications_read():
    """Mark all the user's notifications read."""
    notification_service.mark_all_read(current_user)
    return redirect(url_for("main.notifications"))


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: the database answers."""
    ping()
    return jsonify({"status": "ok"})
