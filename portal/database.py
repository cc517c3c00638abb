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


def begin_write():
    """Make the session's transaction a write transaction (BEGIN IMMEDIATE on SQLite; no-op elsewhere).

    Call it at the start of every service that writes: a deferred SQLite transaction that reads and then
    writes fails with "database is locked" under concurrent workers; an immediate one waits its turn.
    """
    session = db.session()  # the real Session behind the scoped proxy
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        if session.connection().info.get("immediate"):
            return
        session.commit()
    session.connection(execution_options={"sqlite_immediate": True})


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
