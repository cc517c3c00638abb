"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from .audit import AuditEvent  # noqa: F401
from .base import utcnow  # noqa: F401
from .documents import (  # noqa: F401
    DOC_TYPES,
    SECRECY,
    URGENCY,
    VISIBILITY,
    Citation,
    Document,
    DocumentPage,
    DocumentUnit,
    DocumentVersion,
)
from .jobs import JOB_STATUSES, Job, JobLease  # noqa: F401
from .materials import Acknowledgement, Material, MaterialDocument, MaterialTask, MaterialUnit  # noqa: F401
from .org import ROLE_LABELS, ROLES, UNIT_KINDS, ApiToken, LoginAttempt, RecoveryCode, Unit, User, UserRole  # noqa: F401
from .plan import (  # noqa: F401
    RELATIONS,
    DocumentTaskLink,
    Plan,
    PlanArea,
    PlanAssignment,
    PlanTarget,
    PlanTask,
    TargetValue,
    TaskUnit,
)
from .reporting import (  # noqa: F401
    FINDING_STATUSES,
    PERIOD_KINDS,
    SLOT_STATUSES,
    Finding,
    Notification,
    PeriodTarget,
    PeriodTask,
    PeriodUnit,
    ReportingPeriod,
    Submission,
    SummaryReport,
)
from .search import SynonymEntry  # noqa: F401
from .visibility import DataVersion  # noqa: F401
