"""One mechanism for background work: jobs written with the change, claimed by runners under a lease, retried.

Domains register their kinds at import (``register``) and queue work in their own transaction (``enqueue``). A runner
in the web process (started on its first request unless ``PORTAL_JOBS_INLINE=0``) or ``flask worker`` processes run
them; ``drain`` runs what is due now. Failed jobs are listed for administrators, who may retry them.
"""

from .queue import (  # noqa: F401
    Claimed,
    cancel,
    claim,
    counts,
    counts_by_kind,
    discard,
    enqueue,
    fail,
    failed_jobs,
    find,
    finish,
    reschedule,
    retry,
    runner_id,
    stuck_jobs,
)
from .registry import JobKind, all_kinds, label, load_domains, register  # noqa: F401
from .runner import JobContext, Runner, drain, in_process_runner, wake_in_process  # noqa: F401
