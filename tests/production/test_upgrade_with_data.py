"""An office that installed the first release upgrades to today's schema with its data in place (SQLite).

Batch migrations rebuild tables (copy, DROP, rename). With foreign keys enforced, dropping a table that other rows
point at fails, so an upgrade that passed on an empty database broke every real one. Here every table of the first
schema gets a row whose foreign keys point at the rows of its parents, and the upgrade must keep them all.
"""

import sqlite3

from flask_migrate import upgrade

from portal import create_app

FILL = {"INTEGER": 1, "BOOLEAN": 0, "DATE": "2026-01-01", "DATETIME": "2026-01-01 00:00:00", "FLOAT": 1.0, "JSON": "{}"}


def _app(db_path, tmp_path):
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "INDEX_DIR": str(tmp_path / "idx"),
            "UPLOAD_DIR": str(tmp_path / "up"),
            "JOBS_INLINE": False,
        }
    )


def _parents_first(conn, tables):
    """Tables ordered so that every table comes after the tables its foreign keys point at."""
    deps = {t: {row[2] for row in conn.execute(f'PRAGMA foreign_key_list("{t}")') if row[2] != t} for t in tables}
    ordered = []
    while deps:
        ready = sorted(t for t, needs in deps.items() if needs <= set(ordered))
        assert ready, f"foreign-key cycle among {sorted(deps)}"
        ordered += ready
        for t in ready:
            del deps[t]
    return ordered


def _one_row_each(conn):
    """Insert one row into every application table, foreign keys pointing at id 1 of their parents."""
    tables = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        if r[0] != "alembic_version" and not r[0].startswith("sqlite_")
    ]
    for table in _parents_first(conn, tables):
        values = {}
        for _cid, name, kind, notnull, default, pk in conn.execute(f'PRAGMA table_info("{table}")'):
            if pk or (not notnull and default is None) or default is not None:
                continue
            base = (kind or "TEXT").split("(")[0].upper()
            values[name] = FILL.get(base, "x")
        columns = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(values.values()))
    return tables


def test_upgrade_from_the_first_release_keeps_every_row(tmp_path):
    db_path = tmp_path / "office.db"
    with _app(db_path, tmp_path).app_context():
        upgrade(revision="0001")
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        tables = _one_row_each(conn)
        before = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert before["documents"] == 1 and before["document_versions"] == 1

    with _app(db_path, tmp_path).app_context():
        upgrade()  # failed with "FOREIGN KEY constraint failed" before migrations ran with the checks off

    with sqlite3.connect(db_path) as conn:
        after = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "index_jobs"}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        head = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert head != "0001"
    assert after == {t: n for t, n in before.items() if t != "index_jobs"}
