"""In-portal notifications, with e-mail through SMTP when configured (otherwise written to the log).

A notification points at what it is about as ``target=(kind, id)`` ("material", "report_slot"); the web layer turns
the target into a link (``portal.blueprints.main.links``), so services never build URLs.
"""

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import func, select, update

from portal.clock import utcnow
from portal.database import begin_write
from portal.extensions import db
from portal.models import Notification

MAIL_FOOTER = "Đồng chí đăng nhập Cổng thông tin để xem chi tiết."


def notify(users, title, body="", target=None, *, email=True):
    """Add a notification for each user (in the caller's transaction) and e-mail those with an address."""
    kind, object_id = target if target is not None else (None, None)
    rows = []
    for user in users:
        rows.append(Notification(user_id=user.id, title=title, body=body, target_kind=kind, target_id=object_id))
        if email and user.email:
            send_email(user.email, title, (body + "\n\n" if body else "") + MAIL_FOOTER)
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


def send_email(to, subject, body):
    """Send through SMTP when PORTAL_SMTP_HOST is set; otherwise log the message. Never raises."""
    cfg = current_app.config
    if not cfg.get("SMTP_HOST"):
        current_app.logger.info("Thư (chưa cấu hình SMTP, chỉ ghi nhật ký) gửi %s: %s", to, subject)
        return False
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = cfg["SMTP_FROM"], to, subject
    message.set_content(body)
    try:
        with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=10) as smtp:
            if cfg.get("SMTP_USER"):
                smtp.starttls()
                smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"])
            smtp.send_message(message)
        return True
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Không gửi được thư tới %s", to)
        return False
