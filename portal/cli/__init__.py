"""Flask command groups. Each module defines `group`, a click group; `--json` output goes to stdout only."""

import importlib

GROUPS = ["units", "users", "demo", "documents", "search", "plan", "check", "backup", "worker", "jobs"]


def register(app):
    """Add every command group to the app's CLI."""
    for name in GROUPS:
        app.cli.add_command(importlib.import_module(f"{__name__}.{name}").group)
