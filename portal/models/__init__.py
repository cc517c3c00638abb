"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""
from .base import utcnow  # noqa: F401
from .org import Unit, User, UserRole, ApiToken, LoginAttempt, ROLES, ROLE_LABELS, UNIT_KINDS  # noqa: F401
from .audit import AuditEvent  # noqa: F401
from .documents import (  # noqa: F401
    Document, DocumentVersion, DocumentPage, DocumentUnit, Citation, DOC_TYPES, SECRECY, URGENCY, VISIBILITY,
)
from .plan import (  # noqa: F401
    Plan, PlanArea, PlanTask, TaskUnit, PlanTarget, PlanAssignment, TargetValue, DocumentTaskLink, RELATIONS,
)
from .reporting import (  # noqa: F401
    ReportingPeriod, PeriodUnit, PeriodTask, PeriodTarget, Submission, SummaryReport, Finding, Notification,
    PERIOD_KINDS, SLOT_STATUSES, FINDING_STATUSES,
)
from .materials import Material, MaterialUnit, MaterialDocument, MaterialTask, Acknowledgement  # noqa: F401
from .search import IndexJob  # noqa: F401
