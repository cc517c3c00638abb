"""Recording audit events inside the caller's transaction.

Who acted and from where come from ``portal.actor`` (set by the web layer for a request, "cli" otherwise); a service
never reads the request itself.
"""

from sqlalchemy import func, select

from portal import actor
from portal.extensions import db
from portal.models import AuditEvent


def record(action, obj=None, *, summary="", before=None, after=None, user=None, object_type=None, object_id=None):
    """Add an audit event to the session; it commits with the change it describes."""
    if user is None:
        user = actor.current().user
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", None),
        ip=actor.client_ip(),
        object_type=object_type or (obj.__tablename__ if obj is not None else None),
        object_id=str(object_id if object_id is not None else getattr(obj, "id", "")) or None,
        summary=summary,
        before=before,
        after=after,
    )
    db.session.add(event)
    return event


def count_since(action, since):
    """How many events of that action were recorded since the moment (naive UTC)."""
    return db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == action, AuditEvent.at >= since)
    )
