"""Home panels of the plan: 6 rõ gaps and tasks without evidence (secretariat), targets not reported (branch)."""

from flask import url_for

from portal.formatting import shorten
from portal.security import has_permission, secretary_unit_id
from portal.services import plan as plan_service

from .cards import Panel, PanelItem

SHOWN = 5


def _task_label(item):
    return f"{item.code} {shorten(item.text, 90)}"


def panels(user):
    """The latest plan's gaps for its editors, and the branch's unreported targets for a branch secretary."""
    plan = plan_service.latest_plan()
    if plan is None or not has_permission(user, "plan.read"):
        return []
    out = []
    if plan_service.is_plan_editor(user):
        gaps = plan_service.plan_gaps(plan)["tasks"]
        out.append(
            Panel(
                "plan-gaps",
                "Nhiệm vụ chưa đủ “6 rõ”",
                count=len(gaps),
                order=40,
                items=[
                    PanelItem(
                        _task_label(row["task"]),
                        url_for("plan.task", code=row["task"].code, plan=plan.id),
                        "Chưa " + ", ".join(label.lower() for label in row["status"]["missing"]),
                    )
                    for row in gaps[:SHOWN]
                ],
                empty="Mọi nhiệm vụ đã đủ “6 rõ”.",
                more_url=url_for("plan.gaps", plan_id=plan.id),
                more_label="Xem toàn bộ nhiệm vụ chưa đủ “6 rõ”",
            )
        )
        bare = plan_service.tasks_without_evidence(plan, user)
        out.append(
            Panel(
                "plan-evidence",
                "Nhiệm vụ chưa có báo cáo, minh chứng",
                count=len(bare),
                order=41,
                items=[
                    PanelItem(_task_label(t), url_for("plan.task", code=t.code, plan=plan.id)) for t in bare[:SHOWN]
                ],
                empty="Mọi nhiệm vụ đã có báo cáo hoặc minh chứng.",
                more_url=url_for("plan.coverage", plan_id=plan.id),
                more_label="Xem ma trận bao phủ",
            )
        )
    unit_id = secretary_unit_id(user)
    if unit_id is not None:
        missing = plan_service.unreported_targets(plan, unit_id)
        out.append(
            Panel(
                "plan-targets",
                "Chỉ tiêu chi bộ chưa báo cáo",
                count=len(missing),
                order=42,
                urgent=bool(missing),
                items=[
                    PanelItem(_task_label(t), url_for("plan.target", code=t.code, plan=plan.id))
                    for t in missing[:SHOWN]
                ],
                empty="Chi bộ đã báo cáo đủ các chỉ tiêu.",
                more_url=url_for("plan.tree", plan_id=plan.id),
            )
        )
    return out
