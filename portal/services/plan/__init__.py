"""The plan as data: import and 6 rõ, targets and their values, document links, coverage and home panels.

This module is the public face of the plan services; the work is split over plan_*.py modules.
"""

from portal.services.plan.common import (  # noqa: F401
    all_plans,
    get_plan,
    get_task,
    is_plan_editor,
    latest_plan,
    plan_tasks,
    target_by_code,
    task_by_code,
    units_reportable_by,
)
from portal.services.plan.coverage import (  # noqa: F401
    EVIDENCE,
    coverage_matrix,
    evidence_choices,
    suggest_documents_for_task,
    task_documents,
    task_period_reports,
    tasks_without_evidence,
    unreported_targets,
)
from portal.services.plan.importer import import_plan, import_plan_file, prefill_six_ro  # noqa: F401
from portal.services.plan.links import (  # noqa: F401
    default_relation,
    document_task_context,
    get_link,
    link_counts,
    link_document,
    link_tasks,
    links_of_document,
    suggest_codes,
    suggest_for_document,
    unlink,
)
from portal.services.plan.six_ro import (  # noqa: F401
    SIX_RO,
    parse_deadline,
    plan_gaps,
    set_task_units,
    six_ro_status,
    task_units,
    update_task,
)
from portal.services.plan.targets import (  # noqa: F401
    read_value,
    report_target_value,
    target_chart_svg,
    target_series,
    write_target_value,
)
from portal.services.plan.tree import date_label, import_dict, number_label, plan_dict, plan_summary, task_dict, tree  # noqa: F401
