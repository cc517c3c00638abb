"""Liveness: the database answers."""

from sqlalchemy import select

from portal.extensions import db


def ping():
    """Run a trivial query; raises when the database does not answer."""
    db.session.execute(select(1))
    return True
