"""API routes for the plan: plans and their trees, a task's documents, and linking a document to a task."""

from flask import jsonify, request
from flask_login import current_user

from portal.services import documents
from portal.services import plan as plan_service

from ...errors import NotFound, ValidationFailed
from ...ids import id_value
from ...models.plan import RELATIONS
from ...security import can_see_document, permission_required
from .blueprint import bp


def _link_json(link):
    """One document-task link."""
    document = link.document
    return {
        "id": link.id,
        "task": link.task.code,
        "plan_id": link.task.plan_id,
        "relation": link.relation,
        "relation_label": RELATIONS.get(link.relation, link.relation),
        "created_by": link.created_by.username if link.created_by else None,
        "created_at": link.created_at.isoformat() + "Z" if link.created_at else None,
        "document": {
            "id": document.id,
            "title": document.display_title,
            "number": document.number,
            "type": document.doc_type,
            "issued_on": document.issued_on.isoformat() if document.issued_on else None,
            "unit": document.owner_unit.code if document.owner_unit else None,
        },
    }


@bp.get("/plans")
@permission_required("plan.read")
def plans_list():
    """Every plan, newest first."""
    return jsonify([plan_service.plan_summary(p) for p in plan_service.all_plans()])


@bp.get("/plans/<int:plan_id>")
@permission_required("plan.read")
def plans_detail(plan_id):
    """The plan tree: areas, tasks with their 6 rõ and link counts, targets, assignments."""
    return jsonify(plan_service.plan_dict(plan_service.get_plan(plan_id), current_user))


@bp.get("/tasks/<code>/documents")
@permission_required("plan.read")
def task_documents(code):
    """Documents linked to a task (only those the caller may see), with relation types; ?plan= picks the plan."""
    task = plan_service.task_by_code(code, plan_service.get_plan(request.args.get("plan", type=id_value)))
    links = plan_service.task_documents(task, current_user)
    return jsonify(
        {
            "task": plan_service.task_dict(task),
            "plan_id": task.plan_id,
            "documents": [_link_json(link) for link in links],
        }
    )


@bp.post("/documents/<int:document_id>/links")
@permission_required("links.create")
def document_links_create(document_id):
    """Link a document to a task: JSON {"task": code, "relation": ..., "plan": id?} -> 201 with the link."""
    document = documents.live_document(document_id)
    if document is None or not can_see_document(current_user, document_id):
        raise NotFound("Không tìm thấy văn bản hoặc đồng chí không có quyền xem văn bản này.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body.get("task"):
        raise ValidationFailed("Cần gửi JSON có trường “task” (mã nhiệm vụ, ví dụ II.2.3) và “relation”.")
    plan = plan_service.get_plan(body.get("plan") if str(body.get("plan") or "").isdigit() else None)
    try:
        task = plan_service.task_by_code(str(body["task"]), plan)
    except NotFound as error:
        raise ValidationFailed(error.message) from None
    link = plan_service.link_document(
        document, task, body.get("relation") or plan_service.default_relation(document), current_user
    )
    return jsonify(_link_json(link)), 201
