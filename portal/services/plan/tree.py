"""The plan as a tree for pages, the API and the CLI: areas, tasks with their 6 rõ and link counts, targets."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models.plan import RELATIONS, TASK_UNIT_ROLES, Plan, PlanArea, PlanTask
from portal.services.plan.links import link_counts
from portal.services.plan.six_ro import six_ro_status, task_units
from portal.services.plan.targets import target_series_many


def number_label(plan):
    """The plan's số/ký hiệu, or "dự thảo, chưa có số" for an unnumbered draft."""
    return plan.number or ("dự thảo, chưa có số" if plan.is_draft or not plan.number else plan.number)


def date_label(plan):
    """dd/mm/yyyy when the day is known, else "tháng 5 năm 2026" (or "năm 2026"), else "chưa ghi ngày"."""
    if plan.issued_on:
        return plan.issued_on.strftime("%d/%m/%Y")
    if plan.issued_year and plan.issued_month:
        return f"tháng {plan.issued_month} năm {plan.issued_year}"
    return f"năm {plan.issued_year}" if plan.issued_year else "chưa ghi ngày"


def load_tree(plan):
    """Load the plan's areas, tasks with their units, targets and assignments in a fixed number of statements.

    Walking `plan.areas[*].tasks[*].unit_rows` lazily costs one statement per area and per task (the N+1 of issue 15).
    """
    db.session.execute(
        select(Plan)
        .where(Plan.id == plan.id)
        .options(
            selectinload(Plan.areas).selectinload(PlanArea.tasks).selectinload(PlanTask.unit_rows),
            selectinload(Plan.areas).selectinload(PlanArea.targets),
            selectinload(Plan.assignments),
        )
        .execution_options(populate_existing=True)
    ).scalar_one()
    return plan


def tree(plan, user):
    """Areas with tasks (6 rõ status, units by role, count of links to documents the user may see) and targets."""
    load_tree(plan)
    counts = link_counts(plan, user)
    series = target_series_many([t for area in plan.areas for t in area.targets])
    areas = []
    for area in plan.areas:
        tasks = [
            {
                "task": t,
                "status": six_ro_status(t),
                "links": counts.get(t.id, 0),
                "chu_tri": [r.unit for r in task_units(t, "chu_tri")],
                "phoi_hop": [r.unit for r in task_units(t, "phoi_hop")],
            }
            for t in area.tasks
        ]
        targets = [{"target": t, "latest": list(series[t.id]["latest"].values())} for t in area.targets]
        areas.append({"area": area, "tasks": tasks, "targets": targets})
    return {
        "plan": plan,
        "number_label": number_label(plan),
        "date_label": date_label(plan),
        "areas": areas,
        "assignments": plan.assignments,
    }


def task_dict(task, status=None, links=None):
    """A task with its 6 rõ as JSON-ready data."""
    status = status or six_ro_status(task)
    return {
        "code": task.code,
        "text": task.text,
        "units": [
            {"code": r.unit.code, "name": r.unit.name, "role": r.role, "role_label": TASK_UNIT_ROLES[r.role]}
            for r in task_units(task)
        ],
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "periodicity": task.periodicity,
        "product": task.product,
        "authority": task.authority,
        "missing": status["missing_keys"],
        "missing_labels": status["missing"],
        "complete": status["complete"],
        **({"link_count": links} if links is not None else {}),
    }


def target_dict(target, series=None):
    """A target as JSON-ready data, with the latest value per unit."""
    latest = (series or target_series_many([target])[target.id])["latest"]
    return {
        "code": target.code,
        "text": target.text,
        "value": target.value,
        "unit": target.unit,
        "year": target.year,
        "comparator": target.comparator,
        "baseline": target.baseline,
        "qualitative": target.qualitative,
        "latest": [{"unit": p["unit_code"], "value": p["value"], "label": p["label"]} for p in latest.values()],
    }


def plan_summary(plan):
    """One line of the plans list."""
    return {
        "id": plan.id,
        "title": plan.title,
        "number": plan.number,
        "is_draft": plan.is_draft,
        "number_label": number_label(plan),
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "issued_year": plan.issued_year,
        "issued_month": plan.issued_month,
        "document_id": plan.document_id,
        "areas": len(plan.areas),
        "tasks": sum(len(a.tasks) for a in plan.areas),
    }


def plan_dict(plan, user):
    """GET /api/v1/plans/<id>: the whole tree with 6 rõ, targets, assignments and link counts (visible documents)."""
    load_tree(plan)
    counts = link_counts(plan, user)
    series = target_series_many([t for area in plan.areas for t in area.targets])
    return {
        **plan_summary(plan),
        "purposes": plan.purposes or [],
        "requirements": plan.requirements or [],
        "relations": RELATIONS,
        "areas": [
            {
                "code": a.code,
                "title": a.title,
                "tasks": [task_dict(t, links=counts.get(t.id, 0)) for t in a.tasks],
                "targets": [target_dict(t, series[t.id]) for t in a.targets],
            }
            for a in plan.areas
        ],
        "assignments": [
            {"code": a.code, "unit": a.unit_name, "unit_kind": a.unit_kind, "text": a.text, "items": a.items or []}
            for a in plan.assignments
        ],
    }


def import_dict(plan):
    """`flask plan import --json`: the docs/INTERFACES.md shape."""
    return {
        "plan_id": plan.id,
        "document_id": plan.document_id,
        "number": plan.number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "areas": [
            {
                "code": a.code,
                "title": a.title,
                "tasks": [{"code": t.code, "text": t.text} for t in a.tasks],
                "targets": [
                    {"code": t.code, "text": t.text, "value": t.value, "unit": t.unit, "year": t.year}
                    for t in a.targets
                ],
            }
            for a in plan.areas
        ],
        "assignments": [{"code": a.code, "unit": a.unit_name, "text": a.text} for a in plan.assignments],
    }
