"""Demo step: the real plan (samples/plan) uploaded by giupviec.ha, imported, 6 rõ pre-filled and a few filled in.

Idempotent: the upload is found again by its hash, the import updates in place, and the demo edits only fill empty fields.
"""

import os

from portal.services import accounts

SAMPLE = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "samples",
    "plan",
    "ke-hoach-cchc-2026-2030.txt",
)
UPLOADER = "giupviec.ha"
# The secretariat's demo edits: some tasks become complete, the others keep their gaps.
EDITS = {
    "II.1.1": {"deadline": "31/12/2026"},
    "II.2.1": {
        "periodicity": "Định kỳ hằng quý",
        "product": "Danh mục thủ tục hành chính được cắt giảm, đơn giản hóa; báo cáo kết quả hằng quý",
    },
    "II.6.2": {"deadline": "31/12/2027"},
}


def load(echo=print):
    """Upload and import the plan as giupviec.ha (visible to all), pre-fill the 6 rõ, apply the demo edits."""
    from portal.services import plan as plan_service

    user = accounts.user_by_username(UPLOADER)
    if user is None or not os.path.exists(SAMPLE):
        echo("Bỏ qua kế hoạch mẫu: thiếu tài khoản giupviec.ha hoặc tệp samples/plan/ke-hoach-cchc-2026-2030.txt.")
        return
    plan, status = plan_service.import_plan_file(SAMPLE, user, visibility="all")
    filled = plan_service.prefill_six_ro(plan, user)
    edited = 0
    for code, fields in EDITS.items():
        task = plan_service.task_by_code(code, plan)
        empty = {name: value for name, value in fields.items() if not getattr(task, name)}
        if empty:
            plan_service.update_task(task, empty, user)
            edited += 1
    gaps = plan_service.plan_gaps(plan)
    echo(
        f"Kế hoạch mẫu #{plan.id} ({status}): {gaps['total']} nhiệm vụ, {gaps['complete']} đủ 6 rõ; "
        f"điền sẵn {filled} mục, sửa {edited} nhiệm vụ."
    )
