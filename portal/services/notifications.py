"""In-portal notifications, with e-mail through SMTP when configured (otherwise written to the log)."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from portal.extensions import db
from portal.models import Notification


def notify(users, title, body="", url=None, *, email=True):
    """Add a notification for each user (in the caller's transaction) and e-mail those with an address."""
    rows = []
    for user in users:
        rows.append(Notification(user_id=user.id, title=title, body=body, url=url))
        if email and user.email:
            send_email(user.email, title, body + (f"\n\n{url}" if url else ""))
    db.session.add_all(rows)
    return rows


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
