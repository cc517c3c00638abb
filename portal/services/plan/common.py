"""Shared look-ups for the plan services: current plan, task by code, who may edit or link."""

from sqlalchemy import select

from portal.errors import NotFound
from portal.extensions import db
from portal.ids import id_value
from portal.models import Unit
from portal.models.plan import Plan, PlanArea, PlanTarget, PlanTask
from portal.security import has_permission, secretary_unit_id
from portal.services.accounts.units import active_branches


def latest_plan():
    """The most recently created plan, or None."""
    return db.session.scalar(select(Plan).order_by(Plan.created_at.desc(), Plan.id.desc()).limit(1))


def get_plan(plan_id=None):
    """The plan with this id (or the latest one); NotFound with a Vietnamese message otherwise."""
    wanted = id_value(plan_id) if plan_id else None
    if plan_id and wanted is None:
        raise NotFound(f"Không tìm thấy kế hoạch số {str(plan_id)[:30]}.")
    plan = db.session.get(Plan, wanted) if wanted else latest_plan()
    if plan is None:
        raise NotFound(
            "Chưa có kế hoạch nào được nhập vào cổng." if not plan_id else f"Không tìm thấy kế hoạch số {plan_id}."
        )
    return plan


def all_plans():
    """Every plan, newest first."""
    return list(db.session.scalars(select(Plan).order_by(Plan.created_at.desc(), Plan.id.desc())))


def _by_code(model, code, plan, what):
    """A task or target of the plan (default: the latest) by its code; NotFound naming what was sought."""
    plan = plan or get_plan()
    row = db.session.scalar(select(model).where(model.plan_id == plan.id, model.code == (code or "").strip()))
    if row is None:
        raise NotFound(f"Không tìm thấy {what} {code} trong kế hoạch.")
    return row


def get_task(task_id):
    """The plan task with that id, or None."""
    return db.session.get(PlanTask, task_id) if task_id else None


def units_reportable_by(user):
    """Units the user may report target values for: every active branch for plan editors, their own branch for a
    branch secretary who may report, none otherwise."""
    if has_permission(user, "plan.edit"):
        return active_branches()
    own = secretary_unit_id(user)
    return [db.session.get(Unit, own)] if own and has_permission(user, "targets.report") else []


def task_by_code(code, plan=None):
    """A task of the plan (default: the latest) by its code (II.2.3)."""
    return _by_code(PlanTask, code, plan, "nhiệm vụ")


def target_by_code(code, plan=None):
    """A target of the plan (default: the latest) by its code (II.2.T1)."""
    return _by_code(PlanTarget, code, plan, "chỉ tiêu")


def plan_tasks(plan):
    """The plan's tasks in plan order, with their units, in two statements (not one per area)."""
    return list(
        db.session.scalars(
            select(PlanTask)
            .join(PlanArea, PlanArea.id == PlanTask.area_id)
            .where(PlanTask.plan_id == plan.id)
            .order_by(PlanArea.ordinal, PlanTask.ordinal, PlanTask.id)
        )
    )


def is_plan_editor(user):
    """Secretariat and admin edit the plan's 6 rõ and link any visible document."""
    return has_permission(user, "plan.edit")


def may_link(user, document):
    """Whether the user may link this (visible) document to tasks: editors any, a branch secretary their own branch's."""
    if not has_permission(user, "links.create"):
        return False
    if is_plan_editor(user):
        return True
    unit_id = secretary_unit_id(user)
    return unit_id is not None and document.owner_unit_id == unit_id
