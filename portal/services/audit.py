"""Recording audit events inside the caller's transaction."""

from flask import has_request_context, request
from flask_login import current_user

from portal.extensions import db
from portal.models import AuditEvent


def client_ip():
    """The client address of the current request (behind a trusted proxy, ProxyFix sets remote_addr)."""
    return request.remote_addr if has_request_context() else "cli"


def record(action, obj=None, *, summary="", before=None, after=None, user=None, object_type=None, object_id=None):
    """Add an audit event to the session; it commits with the change it describes."""
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", None),
        ip=client_ip(),
        object_type=object_type or (obj.__tablename__ if obj is not None else None),
        object_id=str(object_id if object_id is not None else getattr(obj, "id", "")) or None,
        summary=summary,
        before=before,
        after=after,
    )
    db.session.add(event)
    return event
