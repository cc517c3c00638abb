"""portal.database: begin_write starts the one write transaction of a use case, and refuses to commit others' changes."""

import pytest
from sqlalchemy import func, select

from portal.database import PendingChanges, begin_write
from portal.extensions import db
from portal.models import Notification, Unit


def _units():
    return db.session.scalar(select(func.count()).select_from(Unit))


def test_pending_changes_are_refused_not_committed(app, users):
    before = _units()
    db.session.add(Unit(code="CB-X", name="Chi bộ X", kind="branch"))
    with pytest.raises(PendingChanges, match="Unit"):
        begin_write()
    db.session.rollback()
    assert _units() == before  # the stray row was never committed


def test_flushed_but_uncommitted_writes_are_refused_too(app, users):
    db.session.add(Notification(user_id=users["member"].id, title="Thông báo"))
    db.session.flush()
    with pytest.raises(PendingChanges, match="flushed"):
        begin_write()
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_read_transaction_is_ended_and_a_write_is_nested_safely(app, users):
    _units()  # a read transaction is open
    begin_write()
    db.session.add(Unit(code="CB-Y", name="Chi bộ Y", kind="branch"))
    begin_write()  # a nested use case inside the same write: nothing happens
    db.session.commit()
    begin_write()  # a fresh write after the commit
    db.session.rollback()
    assert db.session.scalar(select(Unit.name).where(Unit.code == "CB-Y")) == "Chi bộ Y"
