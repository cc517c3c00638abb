"""Helpers for commands: JSON to stdout, Vietnamese errors to stderr with a non-zero exit."""

import json
import sys

import click

from ..errors import PortalError


def emit_json(data):
    """Print JSON (UTF-8, not ASCII-escaped) to standard output."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message, code=1):
    """Print a Vietnamese message to standard error and exit non-zero."""
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(code)


def run_service(func, *args, **kwargs):
    """Call a service; turn a PortalError into a clean failure."""
    try:
        return func(*args, **kwargs)
    except PortalError as error:
        fail(error.message)


def acting_user(username=None):
    """The account a command acts as: the named one, or the first active administrator (active accounts only)."""
    from ..services import accounts

    return run_service(accounts.acting_user, username)
