"""The plan as data: import and 6 rõ, targets and their values, document links, coverage and home panels.

This module is the public face of the plan services; the work is split over plan_*.py modules.
"""
from .plan_common import all_plans, get_plan, latest_plan, plan_tasks, target_by_code, task_by_code  # noqa: F401
from .plan_links import (  # noqa: F401
    default_relation, document_task_context, get_link, link_counts, link_document, links_of_document,
    suggest_for_document, unlink,
)
