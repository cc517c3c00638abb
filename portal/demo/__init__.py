"""Demo data: units, accounts for every role, the plan, demo documents, a reporting period, a material.

Every step is idempotent: a second run adds nothing twice. Demo documents other than the plan are ours and marked demo.
"""

import importlib

DEMO_PASSWORD = "Demo@LaoCai2026"  # nosec B105  # the published demo password, printed by `make run`
STEPS = ["org", "documents", "plan", "reporting", "materials"]


def load_all(echo=print):
    """Run every demo step in order; each reports what it added."""
    for name in STEPS:
        importlib.import_module(f"{__name__}.{name}").load(echo)
