"""The plan: parse a plan document into areas, tasks, targets and assignments; suggest tasks for report texts."""

from portal.plan.parser import Area, Assignment, ParsedPlan, Target, Task, TaskHints, parse_plan
from portal.plan.suggest import TaskIndex, suggest_for_paragraphs, suggest_tasks

__all__ = [
    "parse_plan",
    "ParsedPlan",
    "Area",
    "Task",
    "TaskHints",
    "Target",
    "Assignment",
    "suggest_tasks",
    "suggest_for_paragraphs",
    "TaskIndex",
]
