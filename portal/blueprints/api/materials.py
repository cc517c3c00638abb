"""API routes for materials: the list with my status, confirming, and the confirmations of a material."""

from flask import jsonify
from flask_login import current_user

from portal.services import materials as service
from portal.web import client_ip

from ...security import permission_required
from ..links import target_url
from .blueprint import bp
from .core import page_args


def _iso(moment):
    """ISO 8601 (UTC, 'Z') or None."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def _material_json(material, state):
    """A material with the caller's confirmation status."""
    done = state["acknowledged"] or state["previous"]
    return {
        "id": material.id,
        "title": material.title,
        "summary": material.summary,
        "version": material.version,
        "status": material.status,
        "audience_all": material.audience_all,
        "units": [row.unit.code for row in material.unit_rows],
        "publish_on": material.publish_on.isoformat() if material.publish_on else None,
        "deadline": material.deadline.isoformat() if material.deadline else None,
        "published_at": _iso(material.published_at),
        "revised_at": _iso(material.revised_at),
        "acknowledged_version": done.version if done else None,
        "acknowledged_at": _iso(done.at) if done else None,
        "needs_ack": state["needs_ack"],
        "url": target_url("material", material.id),
    }


@bp.get("/materials")
@permission_required("materials.read")
def materials_list():
    """Materials the caller may read, newest first, with acknowledged_version and needs_ack."""
    limit, offset = page_args(50, 200)
    items = service.list_visible(current_user)
    page = items[offset : offset + limit]
    return jsonify(
        {
            "total": len(items),
            "limit": limit,
            "offset": offset,
            "materials": [_material_json(m, service.ack_status(m, current_user)) for m in page],
        }
    )


@bp.post("/materials/<int:material_id>/acknowledge")
@permission_required("materials.acknowledge")
def materials_acknowledge(material_id):
    """Confirm the current version: 201 when recorded now, 200 when it already was; 404 when not visible."""
    material = service.get_visible(material_id, current_user)
    ack, created = service.acknowledge(material, current_user, client_ip())
    body = {"material_id": material.id, "version": ack.version, "acknowledged_at": _iso(ack.at)}
    return jsonify(body), 201 if created else 200


@bp.get("/materials/<int:material_id>/acknowledgements")
@permission_required("materials.track")
def materials_acknowledgements(material_id):
    """Rates and confirmations of the current version; a branch secretary gets their own branch only."""
    material = service.get_visible(material_id, current_user)
    scope = service.tracking_units(current_user)
    stats = service.rates(material, scope)
    return jsonify(
        {
            "material_id": material.id,
            "version": material.version,
            "rate": stats["rate"],
            "total": stats["total"],
            "acknowledged": stats["acknowledged"],
            "units": stats["units"],
            "acknowledgements": [
                {
                    "username": user.username,
                    "full_name": user.full_name,
                    "unit": user.unit.code if user.unit else None,
                    "version": ack.version,
                    "at": _iso(ack.at),
                }
                for ack, user in service.acknowledgements(material, scope)
            ],
        }
    )
