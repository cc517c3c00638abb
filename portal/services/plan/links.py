"""Links between documents and plan tasks: create, remove, suggest, and the context a document page shows."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.database import begin_write
from portal.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from portal.extensions import db
from portal.models.documents import Document
from portal.models.plan import RELATIONS, DocumentTaskLink, PlanTask
from portal.plan.suggest import suggest_tasks
from portal.security import can_see_document, document_clause, has_permission
from portal.services import audit
from portal.services.plan.common import latest_plan, may_link, plan_tasks
from portal.services.synonyms import current_lines

DEFAULT_RELATION_BY_TYPE = {
    "bao_cao": "bao_cao_ket_qua",
    "tai_lieu": "tuyen_truyen",
    "ke_hoach": "trien_khai",
    "chi_thi": "can_cu",
    "nghi_quyet": "can_cu",
    "ket_luan": "can_cu",
    "quyet_dinh": "can_cu",
}


def default_relation(document):
    """The relation a link from this kind of document most often has (a report answers, a directive grounds)."""
    return DEFAULT_RELATION_BY_TYPE.get(getattr(document, "doc_type", None), "minh_chung")


def _enqueue_index(document_id):
    """Queue a search index update: task codes are a search facet of the document."""
    from portal.search import jobs

    jobs.enqueue(db.session, "document", document_id, "upsert")


def _check_link_rights(document, user):
    """404 for a document the user cannot see, 403 when they may not link it."""
    if document is None or not can_see_document(user, document.id):
        raise NotFound("Không tìm thấy văn bản hoặc đồng chí không có quyền xem văn bản này.")
    if not has_permission(user, "links.create"):
        raise NotAllowed("Đồng chí không có quyền gắn văn bản với nhiệm vụ của kế hoạch.")
    if not may_link(user, document):
        raise NotAllowed("Bí thư chi bộ chỉ được gắn văn bản của chi bộ mình với nhiệm vụ của kế hoạch.")


def link_document(document, task, relation, user):
    """Link a document to a task with a relation type; audited and re-indexed. Raises NotFound/NotAllowed/Conflict."""
    relation = (relation or "").strip()
    if relation not in RELATIONS:
        raise ValidationFailed("Loại liên kết không hợp lệ; chọn một trong: " + ", ".join(RELATIONS.values()) + ".")
    if task is None:
        raise ValidationFailed("Chưa chọn nhiệm vụ để gắn văn bản.")
    _check_link_rights(document, user)
    begin_write()
    exists = db.session.scalar(
        select(DocumentTaskLink.id).where(
            DocumentTaskLink.document_id == document.id,
            DocumentTaskLink.task_id == task.id,
            DocumentTaskLink.relation == relation,
        )
    )
    if exists:
        db.session.rollback()
        raise Conflict(f"Văn bản đã được gắn với nhiệm vụ {task.code} theo loại “{RELATIONS[relation]}”.")
    link = DocumentTaskLink(document_id=document.id, task_id=task.id, relation=relation, created_by_id=user.id)
    db.session.add(link)
    db.session.flush()
    audit.record(
        "plan.link",
        link,
        user=user,
        summary=f"Gắn văn bản #{document.id} với nhiệm vụ {task.code} ({RELATIONS[relation]})",
        after={"document_id": document.id, "task": task.code, "relation": relation},
    )
    _enqueue_index(document.id)
    db.session.commit()
    return link


def link_tasks(document, tasks, relation, user):
    """Link a document to several tasks in one transaction (links it already has are kept); returns the new links.

    All or nothing: a failure on the third task leaves the first two unlinked too.
    """
    relation = (relation or "").strip()
    if relation not in RELATIONS:
        raise ValidationFailed("Loại liên kết không hợp lệ; chọn một trong: " + ", ".join(RELATIONS.values()) + ".")
    _check_link_rights(document, user)
    begin_write()
    have = set(
        db.session.scalars(
            select(DocumentTaskLink.task_id).where(
                DocumentTaskLink.document_id == document.id, DocumentTaskLink.relation == relation
            )
        )
    )
    links = []
    for task in dict.fromkeys(tasks):
        if task.id in have:
            continue
        link = DocumentTaskLink(document_id=document.id, task_id=task.id, relation=relation, created_by_id=user.id)
        db.session.add(link)
        db.session.flush()
        audit.record(
            "plan.link",
            link,
            user=user,
            summary=f"Gắn văn bản #{document.id} với nhiệm vụ {task.code} ({RELATIONS[relation]})",
            after={"document_id": document.id, "task": task.code, "relation": relation},
        )
        links.append(link)
    if links:
        _enqueue_index(document.id)
    db.session.commit()
    return links


def unlink(link, user):
    """Remove a link; the same rights as creating it. Audited and re-indexed."""
    if link is None:
        raise NotFound("Không tìm thấy liên kết.")
    _check_link_rights(link.document, user)
    begin_write()
    before = {"document_id": link.document_id, "task": link.task.code, "relation": link.relation}
    audit.record(
        "plan.unlink",
        link,
        user=user,
        before=before,
        summary=f"Bỏ gắn văn bản #{link.document_id} khỏi nhiệm vụ {link.task.code}",
    )
    _enqueue_index(link.document_id)
    db.session.delete(link)
    db.session.commit()


def get_link(link_id):
    """A link by id, or None."""
    return db.session.get(DocumentTaskLink, int(link_id))


def links_of_document(document):
    """The document's task links, in task order."""
    return list(
        db.session.scalars(
            select(DocumentTaskLink)
            .join(PlanTask, PlanTask.id == DocumentTaskLink.task_id)
            .where(DocumentTaskLink.document_id == document.id)
            .options(joinedload(DocumentTaskLink.task), joinedload(DocumentTaskLink.created_by))
            .order_by(PlanTask.plan_id.desc(), PlanTask.id, DocumentTaskLink.id)
        )
    )


def link_counts(plan, user):
    """task_id -> number of links to documents the user may see, for one plan."""
    rows = db.session.execute(
        select(DocumentTaskLink.task_id, func.count(DocumentTaskLink.id))
        .join(PlanTask, PlanTask.id == DocumentTaskLink.task_id)
        .join(Document, Document.id == DocumentTaskLink.document_id)
        # the rule on each linked document's row, not `IN (every visible id)`: the cost follows the links, not the data
        .where(PlanTask.plan_id == plan.id, document_clause(user))
        .group_by(DocumentTaskLink.task_id)
    )
    return dict(rows.all())


def suggest_for_document(document, limit=5, plan=None, exclude_linked=True):
    """[(task, score)] of the plan's tasks ranked by textual similarity to the document, linked ones left out."""
    plan = plan or latest_plan()
    if plan is None or document is None or plan.document_id == document.id:
        return []
    text = document.text or document.title or ""
    if not text.strip():
        return []
    tasks = {t.code: t for t in plan_tasks(plan)}
    linked = {link.task_id for link in links_of_document(document)} if exclude_linked else set()
    ranked = suggest_tasks(
        text, [(c, t.text) for c, t in tasks.items()], limit=limit + len(linked), synonyms=current_lines()
    )
    out = [(tasks[code], score) for code, score in ranked if tasks[code].id not in linked]
    return out[:limit]


def document_task_context(document, user, limit=5):
    """What a document page shows about the plan: linked tasks, suggestions, and whether the user may link."""
    plan = latest_plan()
    links = [
        {
            "id": link.id,
            "task": link.task,
            "code": link.task.code,
            "text": link.task.text,
            "relation": link.relation,
            "relation_label": RELATIONS.get(link.relation, link.relation),
            "created_by": link.created_by.display_name if link.created_by else None,
            "created_at": link.created_at,
        }
        for link in links_of_document(document)
    ]
    can_link = may_link(user, document)
    suggestions = [
        {"task": task, "code": task.code, "text": task.text, "score": score}
        for task, score in suggest_for_document(document, limit, plan)
    ]
    return {
        "document": document,
        "plan": plan,
        "links": links,
        "suggestions": suggestions,
        "can_link": can_link,
        "relations": RELATIONS,
        "default_relation": default_relation(document),
    }


def suggest_codes(text, plan, limit=5):
    """[{"code", "score", "text"}]: the plan's tasks and targets ranked for a text (`flask plan suggest`)."""
    items = {item.code: item.text for area in plan.areas for item in [*area.tasks, *area.targets]}
    if not (text or "").strip():
        raise ValidationFailed("Cần một đoạn văn bản để gợi ý nhiệm vụ.")
    return [
        {"code": code, "score": score, "text": items[code]}
        for code, score in suggest_tasks(text, list(items.items()), limit=limit, synonyms=current_lines())
    ]
