"""Links to the portal's objects: the one place that turns (kind, id) into a URL of the web layer.

Services name what they point at (a notification's target, a search hit's index id "document:12"); the blueprints,
the API and the templates ask here for the link, so URL building stays in the web layer.
"""

from flask import current_app, has_request_context, url_for

# kind -> (endpoint, the endpoint's id argument)
TARGETS = {
    "document": ("documents.detail", "document_id"),
    "material": ("materials.detail", "material_id"),
    "material_tracking": ("materials.tracking", "material_id"),
    "report_slot": ("reports.slot", "slot_id"),
    "finding": ("reports.finding", "finding_id"),
}


def target_url(kind, object_id):
    """The page of the object, or None for an unknown kind or a missing id."""
    endpoint = TARGETS.get(kind)
    if endpoint is None or object_id is None:
        return None
    name, arg = endpoint
    if not has_request_context():  # the CLI: the same relative path a page would link to
        with current_app.test_request_context("/"):
            return url_for(name, **{arg: int(object_id)})
    return url_for(name, **{arg: int(object_id)})


def index_id_url(index_id):
    """The page of a search hit, from its index id ("document:12", "material:3")."""
    kind, _, number = str(index_id).partition(":")
    return target_url(kind, number) if number.isdigit() else None


def notification_url(notification):
    """The link of a notification: its target's page (rows written before targets keep their stored path)."""
    return target_url(notification.target_kind, notification.target_id) or notification.url


def with_urls(hits):
    """Search hits (dicts with "id") with their "url" added; the list itself, for chaining."""
    for hit in hits:
        hit["url"] = index_id_url(hit["id"])
    return hits
