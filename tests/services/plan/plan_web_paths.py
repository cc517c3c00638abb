"""Paths of the sample plan and reports used by the plan tests (import this, not conftest)."""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PLAN_PATH = os.path.join(ROOT, "samples", "plan", "ke-hoach-cchc-2026-2030.txt")
REPORTS = os.path.join(ROOT, "samples", "reports")
