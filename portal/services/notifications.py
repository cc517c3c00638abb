"""In-portal notifications, and e-mail through SMTP (when configured) sent by a background job after the commit.

A notification points at what it is about as ``target=(kind, id)`` ("material", "report_slot"); the web layer turns
the target into a link (``portal.blueprints.main.links``), so services never build URLs.

``notify`` writes the notification rows and one ``mail`` job per addressee in the caller's transaction: the mail
leaves only once that transaction has committed, never while the database's write lock is held (SMTP may take its
10-second timeout), and never for a change that was rolled back. A failed send is retried with back-off and, after its
last attempt, shows in the administrators' list of failed jobs.
"""

import logging
import smtplib
from email.message import EmailMessage

from sqlalchemy import func, select, update

from portal.clock import utcnow
from portal.database import begin_write
from portal.extensions import db
from portal.models import Notification
from portal.services import jobs

log = logging.getLogger(__name__)
MAIL_KIND = "mail"
MAIL_FOOTER = "Đồng chí đăng nhập Cổng thông tin để xem chi tiết."


def notify(users, title, body="", target=None, *, email=True):
    """Add a notification for each user (in the caller's transaction) and queue an e-mail to those with an address."""
    kind, object_id = target if target is not None else (None, None)
    rows = []
    for user in users:
        rows.append(Notification(user_id=user.id, title=title, body=body, target_kind=kind, target_id=object_id))
        if email and user.email:
            text = (body + "\n\n" if body else "") + MAIL_FOOTER
            jobs.enqueue(MAIL_KIND, {"to": user.email, "subject": title, "body": text})
    db.session.add_all(rows)
    return rows


def recent_for(user, limit=200):
    """The user's notifications, newest first."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(user):
    """How many of the user's notifications are unread."""
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_read_for(user, target):
    """The user's unread notifications about `target` ((kind, id)) are done: in the caller's transaction."""
    kind, object_id = target
    db.session.execute(
        update(Notification)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.target_kind == kind,
            Notification.target_id == object_id,
        )
        .values(read_at=utcnow())
    )


def mark_all_read(user):
    """Mark every unread notification of the user read (one commit)."""
    begin_write()
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()


def send_email(config, to, subject, body):
    """Send one message through SMTP when SMTP_HOST is set (False: not configured, only logged). Raises on failure."""
    if not config.get("SMTP_HOST"):
        log.info("Thư (chưa cấu hình SMTP, chỉ ghi nhật ký) gửi %s: %s", to, subject)
        return False
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["SMTP_FROM"], to, subject
    message.set_content(body)
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=10) as smtp:
        if config.get("SMTP_USER"):
            smtp.starttls()
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
    return True


def _send_mail_job(payload, ctx):
    """The ``mail`` job: one message; an SMTP or network error fails the attempt (retried with back-off)."""
    send_email(ctx.app.config, payload["to"], payload["subject"], payload.get("body", ""))


jobs.register(MAIL_KIND, _send_mail_job, label="Gửi thư điện tử", max_attempts=6, backoff=60.0, lease=120.0)
