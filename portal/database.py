"""Database engine behaviour: SQLite WAL, busy timeout, and write transactions begun IMMEDIATE."""

from sqlalchemy import String, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from portal.text.clean import clean_text

from .extensions import db

SQLITE_BUSY_MS = 30_000


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, _record):
    """Per SQLite connection: WAL, busy timeout, foreign keys, and manual BEGIN control."""
    if type(dbapi_connection).__module__.split(".")[0] not in ("sqlite3", "pysqlite2"):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """Emit BEGIN ourselves on SQLite: IMMEDIATE when the session asked for a write transaction."""
    if conn.dialect.name != "sqlite":
        return
    immediate = bool(conn.get_execution_options().get("sqlite_immediate"))
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
    conn.info["immediate"] = immediate


class PendingChanges(RuntimeError):
    """begin_write() found changes already in the session: a caller changed rows before starting its write."""


@event.listens_for(Session, "after_flush")
def _remember_flushed_writes(session, _context):
    """Mark the session's current transaction as holding flushed, uncommitted writes."""
    session.info["flushed_writes"] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_flushed_writes(session, transaction):
    """A committed or rolled-back outermost transaction holds no writes any more."""
    if transaction.parent is None:
        session.info.pop("flushed_writes", None)
        session.info.pop("write_began", None)


def _pending_changes(session):
    """A short description of the session's unsaved or flushed-but-uncommitted changes (empty when there are none)."""
    changed = list(session.new) + list(session.deleted) + [o for o in session.dirty if session.is_modified(o)]
    names = sorted({type(o).__name__ for o in changed})
    if session.info.get("flushed_writes"):
        names.append("flushed writes")
    return ", ".join(names)


def begin_write():
    """Start the use case's one write transaction (BEGIN IMMEDIATE on SQLite; a plain transaction elsewhere).

    Call it at the start of every service that writes, before changing anything: a deferred SQLite transaction that
    reads and then writes fails with "database is locked" under concurrent workers; an immediate one waits its turn.
    A read transaction already open is ended first (nothing to lose). A session that already holds changes is refused
    with ``PendingChanges``: committing them here would split the caller's use case into two commits, and a failure
    after the first would leave half of it stored. Inside a write transaction already begun, it does nothing.
    """
    session = db.session()  # the real Session behind the scoped proxy
    sqlite = session.get_bind().dialect.name == "sqlite"
    if session.in_transaction() and session.info.get("write_began"):
        return
    pending = _pending_changes(session)
    if pending:
        raise PendingChanges(
            f"begin_write() called on a session with uncommitted changes ({pending}): call it before changing "
            "anything, so that the use case commits once (it no longer commits what the session holds)"
        )
    if session.in_transaction():
        session.rollback()  # a read-only transaction: ending it loses nothing
    if sqlite:
        session.connection(execution_options={"sqlite_immediate": True})
    else:
        session.connection()
    session.info["write_began"] = True


_TEXT_COLUMNS = {}


def _text_columns(mapper):
    """Names of a mapper's string attributes (String and Text columns), memoized on the mapper."""
    names = _TEXT_COLUMNS.get(mapper)
    if names is None:
        names = _TEXT_COLUMNS[mapper] = tuple(
            attr.key
            for attr in mapper.column_attrs
            if len(attr.columns) == 1 and isinstance(attr.columns[0].type, String)
        )
    return names


@event.listens_for(Session, "before_flush")
def _clean_text_fields(session, _context, _instances):
    """Every text field written by any service (web, API, CLI, demo) loses its control characters (TAB and LF stay)."""
    for obj, only_changed in [(o, False) for o in session.new] + [(o, True) for o in session.dirty]:
        state = sa_inspect(obj)
        for name in _text_columns(state.mapper):
            if only_changed and not state.attrs[name].history.added:
                continue
            value = state.dict.get(name)
            if isinstance(value, str):
                cleaned = clean_text(value)
                if cleaned != value:
                    setattr(obj, name, cleaned)
