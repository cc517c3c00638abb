"""Home page per role, notifications, and a health check."""

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select, update

from ...extensions import db
from ...home import panels_for
from ...models import Notification
from ...models.base import utcnow
from ...security import login_required
from . import bp


@bp.get("/")
@login_required
def home():
    """What needs this user's attention, by role."""
    return render_template("main/home.html", panels=panels_for(current_user))


@bp.get("/notifications")
@login_required
def notifications():
    """The user's notifications, newest first."""
    items = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc())
        .limit(200)
    ).all()
    return render_template("main/notifications.html", items=items)


@bp.post("/notifications/read")
@login_required
def notifications_read():
    """Mark all the user's notifications read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return redirect(url_for("main.notifications"))


@bp.get("/healthz")
def healthz():
    """Liveness for load balancers: the database answers."""
    db.session.execute(select(1))
    return jsonify({"status": "ok"})
