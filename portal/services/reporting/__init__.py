"""Periodic reporting: periods and slots, submissions, review, summary report, findings, scorecard, exports."""

from . import (
    exports,  # noqa: F401
    findings,  # noqa: F401
    scorecard,  # noqa: F401
    summary,  # noqa: F401
)
from .periods import (  # noqa: F401
    AWAITING_STATUSES,
    OPEN_STATUSES,
    REFUSALS,
    TRANSITIONS,
    PeriodRow,
    accept_report,
    asked_targets,
    asked_tasks,
    awaiting_acceptance,
    branch_secretaries,
    check_transition,
    close_period,
    due_soon_slots,
    get_period,
    get_slot,
    is_late_now,
    latest_submission,
    link_count,
    link_counts,
    matrix,
    open_period,
    open_slots_of_unit,
    overdue_slots,
    period_plan,
    period_rows,
    return_report,
    secretariat_users,
    sees_all,
    send_reminders,
    slot_for_unit,
    slot_links,
    slot_target_values,
    status_counts,
    update_period,
    visible_periods,
    visible_slots,
)
from .submissions import (  # noqa: F401
    TargetInput,
    check_submit_allowed,
    require_report_file,
    submit_report,
    suggest_tasks_for_upload,
)
