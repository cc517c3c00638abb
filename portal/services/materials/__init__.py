"""Dissemination materials (tài liệu quán triệt), split by concern:

- ``reads``: look-ups within visibility, live materials, the audience and who is asked to confirm (one rule);
- ``editing``: the Markdown rendered once on save, create and edit, publish, revise, withdraw, delete;
- ``attachments``: files attached through the document service;
- ``acknowledgements``: confirming, what each person still has to study, rates, tracking scope, reminders;
- ``exports``: confirmations as CSV/XLSX rows;
- ``notifications``: what people are told (a material to study, a new version, a reminder).
"""

from . import notices  # noqa: F401  (registers the publication-notice job kind)
from .acknowledgements import (  # noqa: F401
    ack_for,
    ack_status,
    acknowledge,
    acknowledgements,
    branch_follow_up,
    confirmation_numbers,
    confirmation_numbers_many,
    count_pending,
    pending_for,
    rates,
    recent_rates,
    remind,
    tracking_units,
    unacknowledged_members,
)
from .attachments import attach_file  # noqa: F401
from .common import (  # noqa: F401
    FALLBACK_PREFIX,
    MAX_BODY_BYTES,
    MAX_TITLE,
    NOT_FOUND,
    RENDER_TIMEOUT,
    TOO_COMPLEX,
    TOO_LARGE,
)
from .editing import delete, preview, publish, render_body, revise, save_material, unpublish  # noqa: F401
from .exports import EXPORT_HEADER, export_csv, export_rows, export_xlsx  # noqa: F401
from .reads import (  # noqa: F401
    audience_members,
    audience_unit_ids,
    get_visible,
    in_audience,
    is_live,
    is_overdue,
    linked_documents,
    list_visible,
    live_materials,
)
